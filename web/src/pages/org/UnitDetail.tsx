/** /units/:id — the same page as /units with that unit selected, so a link or a typed URL both work. */
export { default } from './Units';
