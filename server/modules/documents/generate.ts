import type { DocContent, DocType } from '../../../common/documents';
import { type GenContext, runGenerator } from '../../documents/content';
import { generatorOf } from '../../platform/modules';

/** Generates a document of a type with the generator the modules contributed for it. */
export function generate(type: DocType, ctx: GenContext): Promise<DocContent> {
  return runGenerator(generatorOf(type), ctx);
}
