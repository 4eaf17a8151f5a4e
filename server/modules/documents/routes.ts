import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { documentSettingsQuery, documentSettingsSave, draftCreate, draftQuery, draftRegenerate, draftSave, versionParams } from '../../../common/documents';
import type { Database } from '../../db';
import { docxToPdf, PdfBusyError, PdfUnavailableError, pdfFontNames } from '../../documents/pdf';
import { draftDocx } from '../../documents/render';
import { AppError } from '../../platform/errors';
import { ALLOWED_TYPES, contentDisposition, safeFilename } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';
import { getSettings, saveSettings } from './settings';
import { currentWatermark } from '../../platform/export-stamp';
import { actionRoute, readRoute } from '../../platform/register-routes';

export function documentRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['文稿'];
    app.get('/api/documents/drafts', {
      config: { permission: 'document.read' },
      schema: { tags, summary: '文稿列表(本单位及下级单位)', querystring: draftQuery },
    }, async (req) => service.listDrafts(db, actorOf(req), req.query));

    app.post('/api/documents/drafts', {
      config: { permission: 'document.manage' },
      schema: { tags, summary: '生成文稿(单位、类型、期间或检查批次；已有同一文稿时打开原稿)', body: draftCreate },
    }, async (req, reply) => {
      const r = await service.createDraft(db, actorCtx(req), req.body);
      return reply.code(r.created ? 201 : 200).send(r.draft);
    });

    app.get('/api/documents/settings', {
      config: { permission: 'document.read' },
      schema: { tags, summary: '单位的文稿设置(处理标志、导出水印、舆情专报报头和报送范围)', querystring: documentSettingsQuery },
    }, async (req) => getSettings(db, actorOf(req), req.query.unitId));

    app.put('/api/documents/settings', {
      config: { permission: 'document.settings' },
      schema: { tags, summary: '保存单位的文稿设置', body: documentSettingsSave },
    }, async (req) => saveSettings(db, actorCtx(req), req.body));

    readRoute(app, '/api/documents/drafts/:id', { permission: 'document.read', tags, summary: '文稿(内容、数据链接、缺少的数据、自填段落)', read: (actor, id) => service.getDraft(db, actor, id) });

    actionRoute(app, '/api/documents/drafts/:id', { method: 'put', permission: 'document.manage', tags, summary: '保存自填段落(形成新版本)', body: draftSave, run: (ctx, id, b) => service.saveDraft(db, ctx, id, b) });

    actionRoute(app, '/api/documents/drafts/:id/regenerate', { permission: 'document.manage', tags, summary: '按最新记录重新生成(保留自填段落，形成新版本)', body: draftRegenerate, run: (ctx, id, b) => service.regenerateDraft(db, ctx, id, b) });

    readRoute(app, '/api/documents/drafts/:id/versions', { permission: 'document.read', tags, summary: '文稿的历次版本', read: (actor, id) => service.listVersions(db, actor, id) });

    app.get('/api/documents/drafts/:id/versions/:n', {
      config: { permission: 'document.read' },
      schema: { tags, summary: '文稿的某一版本(只读)', params: versionParams },
    }, async (req) => service.getVersion(db, actorOf(req), req.params.id, req.params.n));

    app.get('/api/documents/drafts/:id/docx', {
      config: { permission: 'document.read' },
      schema: { tags, summary: '下载 Word 文稿(.docx，GB/T 9704 版式)', params: idParams },
    }, async (req, reply) => {
      const d = await service.getDraft(db, actorOf(req), req.params.id);
      const buf = await draftDocx(d.content, d.slots, d.content.generatedAt, { watermark: await currentWatermark() });
      reply.header('content-disposition', contentDisposition(`${safeFilename(d.title)}.docx`));
      return reply.type(ALLOWED_TYPES.docx).send(buf);
    });

    app.get('/api/documents/drafts/:id/pdf', {
      config: { permission: 'document.read' },
      schema: { tags, summary: '下载 PDF(服务器装有 LibreOffice 时)', params: idParams },
    }, async (req, reply) => {
      const d = await service.getDraft(db, actorOf(req), req.params.id);
      const watermark = await currentWatermark();
      const docx = await draftDocx(d.content, d.slots, d.content.generatedAt, { watermark });
      let pdf: Buffer;
      try {
        // A watermarked PDF names its user and time: never taken from another export's cache.
        pdf = await docxToPdf(docx, watermark ? {} : { cacheKey: `${d.id}@${d.version}` });
      } catch (err) {
        if (err instanceof PdfBusyError) throw new AppError(503, 'PDF_BUSY', '正在生成的 PDF 较多，请稍后再试，或先下载 Word 文稿');
        if (err instanceof PdfUnavailableError) throw new AppError(503, 'PDF_UNAVAILABLE', '服务器未安装 LibreOffice，暂不能生成 PDF，请下载 Word 文稿');
        throw err;
      }
      reply.header('content-disposition', contentDisposition(`${safeFilename(d.title)}.pdf`));
      // Which faces the PDF used (GB fonts are seldom installed on a server): the page says so.
      reply.header('x-pdf-fonts', encodeURIComponent(pdfFontNames(pdf).join(',')));
      return reply.type(ALLOWED_TYPES.pdf).send(pdf);
    });
  };
}
