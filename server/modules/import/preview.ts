import { AppError } from '../../platform/errors';

// What the preview answers (each row as read, where it will go, its problems) is declared once, in common/.
import type { ImportPreview } from '../../../common/schemas/org';
export type { ImportPreview, PersonPreviewRow, UnitPreviewRow } from '../../../common/schemas/org';

/** Commit refused because the file has problems: the answer carries them so the page can list them. */
export class ImportInvalidError extends AppError {
  constructor(readonly preview: ImportPreview) {
    super(400, 'IMPORT_INVALID', `导入文件有 ${preview.problemCount} 处问题，未导入任何数据`, 'file');
  }
  override toJSON() {
    const problems = [
      ...this.preview.fileErrors,
      ...this.preview.units.flatMap((u) => u.errors.map((e) => `“单位”工作表${e}`)),
      ...this.preview.people.flatMap((p) => p.errors.map((e) => `“人员”工作表${e}`)),
    ];
    return { ...super.toJSON(), problemCount: this.preview.problemCount, problems: problems.slice(0, 200) };
  }
}
