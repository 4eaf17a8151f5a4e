/** Chinese heading numbers live in common/ so the web preview numbers headings exactly as the .docx does. */
export * from '../../common/numbering';
