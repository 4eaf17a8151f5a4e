import { AppError } from '../../platform/errors';

/** What the preview answers: each row as read, where it will go, and its problems. */
export interface UnitPreviewRow {
  row: number;
  name: string;
  parent: string;
  /** 单位类型 as its Chinese label when recognised (乡镇 → 乡镇(街道)), else as written. */
  kind: string;
  code: string | null;
  sortOrder: number | null;
  /** Where the unit will go, e.g. "示例县/城关镇" — known once the parent resolves. */
  parentResolved: string | null;
  errors: string[];
}

export interface PersonPreviewRow {
  row: number;
  name: string;
  unit: string;
  position: string | null;
  phone: string | null;
  unitResolved: string | null;
  errors: string[];
}

export interface ImportPreview {
  valid: boolean;
  units: UnitPreviewRow[];
  people: PersonPreviewRow[];
  fileErrors: string[];
  /** Number of problems in all: every row error plus every file error. */
  problemCount: number;
}

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
