import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { CONTROL_CHARS, stripBidi } from '../../common/fields';
import type { Config } from '../config';
import { errors } from './errors';

export function uploadLimitLabel(config: Config): string {
  return `${Math.round((config.uploadLimitBytes / 1024 / 1024) * 10) / 10} MB`;
}

export interface Upload {
  filename: string;
  content: Buffer;
  /** Text fields sent before the file part. */
  field(name: string): string;
}

/** Reads the one file of a multipart request into memory, refusing what is not an upload or is over the limit. */
export async function readUpload(req: FastifyRequest, config: Config, missingMessage: string): Promise<Upload> {
  if (!req.isMultipart()) throw errors.badFile('请以文件上传(multipart/form-data)的方式提交');
  const file = await req.file();
  if (!file) throw errors.badFile(missingMessage);
  if (file.fieldname !== 'file') throw errors.badFile('请在 file 字段中上传文件');
  let content: Buffer;
  try {
    content = await file.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw errors.tooLarge(uploadLimitLabel(config));
    throw err;
  }
  const filename = stripBidi(file.filename).replace(new RegExp(CONTROL_CHARS.source, 'g'), '');
  return {
    filename, content,
    field: (name) => {
      const v = fieldValue(file, name);
      if (CONTROL_CHARS.test(v)) throw errors.validation(`字段 ${name} 不能包含不可见的控制字符`, name);
      return v;
    },
  };
}

function fieldValue(file: MultipartFile, name: string): string {
  const f = file.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : '';
}
