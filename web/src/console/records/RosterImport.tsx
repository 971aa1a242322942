import { App, Collapse, Form, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { useImportRoots } from '../history/useImportRoots';
import { MappedImport } from '../imports/MappedImport';
import { previewRoster, ROSTERS, type RosterConfig, refreshRecords, startImport } from './records.api';

export const downloadRosterTemplate = (roster: RosterConfig = ROSTERS.people) =>
  downloadFile(`${roster.base}/import-template.xlsx`, roster.templateName);

/**
 * 导入花名册 (MappedImport): the place the roster's buildings are under, then the file, 列对应 and the mode. Before a
 * file is chosen, the columns each field may be read from (the names communities' own 台账 use) are listed.
 */
export function RosterImport({
  onClose,
  roster = ROSTERS.people,
}: {
  onClose: () => void;
  roster?: RosterConfig;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // the roster's own wording where it has one (title, counts, help), else the people roster's
  const r = (k: string, o?: Record<string, unknown>) =>
    t(`console.records.${roster.i18n}.${k}`, { ...o, defaultValue: t(`console.records.importing.${k}`, o) });
  const roots = useImportRoots();
  const [rootId, setRootId] = useState<number | undefined>();
  const root = rootId ?? roots.options[0]?.value;
  const fieldLabel = (f: string) => t(`console.records.${roster.fields}.${f}`, { defaultValue: f });
  const required = (f: string) => roster.required.includes(f);

  return (
    <MappedImport
      onClose={onClose}
      onCommitted={() => void refreshRecords()}
      testIds={{
        run: 'roster-import',
        file: 'roster-file',
        mapping: 'roster-mapping',
        map: 'roster-map-',
        newFile: 'roster-import-new-file',
      }}
      className="ds-roster-import"
      text={{
        title: r('title'),
        fileHint: r('fileHint'),
        templateHelp: r('templateHelp'),
        template: t('console.records.template'),
        mapping: r('mapping'),
        mappingHelp: (rows) => r('mappingHelp', { rows }),
        notMapped: r('notMapped'),
        missing: (fields) => r('mappingMissing', { fields: fields.map(fieldLabel).join('、') }),
        fixHint: r('fixHint'),
        newFile: r('newFile'),
        created: r('created'),
        wouldCreate: r('wouldCreate'),
      }}
      fields={Object.keys(roster.fieldColumns)}
      isRequired={required}
      fieldLabel={fieldLabel}
      missing={(mapping) =>
        roster.key === 'things'
          ? mapping.code || (mapping.classCode && mapping.subclassCode)
            ? []
            : ['code']
          : roster.required.filter((f) => !mapping[f])
      }
      ready={!!root}
      preview={(file) => previewRoster(roster, file)}
      start={(file, mode, mapping, onProgress) =>
        startImport(roster, { file, mode, rootId: root as number, mapping }, onProgress)
      }
      onTemplate={() =>
        downloadRosterTemplate(roster).catch((e) =>
          message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
        )
      }
      before={() => (
        <Form.Item label={r('root')} extra={r('rootHelp')} htmlFor="roster-root">
          <Select<number>
            id="roster-root"
            value={root}
            onChange={setRootId}
            options={roots.options}
            loading={roots.loading}
            data-testid="roster-root"
          />
        </Form.Item>
      )}
      noPreview={
        <Collapse
          size="small"
          className="ds-records-columns"
          items={[
            {
              key: 'cols',
              label: r('columns'),
              children: (
                <dl className="ds-records-aliases">
                  {Object.entries(roster.fieldColumns).map(([f, names]) => (
                    <div key={f}>
                      <dt>
                        {fieldLabel(f)}
                        {required(f) ? <span className="ds-required">*</span> : null}
                      </dt>
                      <dd>{names.filter((n) => !/^[a-z_]+$/.test(n)).join('、')}</dd>
                    </div>
                  ))}
                </dl>
              ),
            },
          ]}
        />
      }
      columnOrder={() => roster.columns}
      isFieldColumn={(column, field) =>
        !!field &&
        (roster.fieldColumns[field] ?? [field]).some((a) => a.toLowerCase() === column.trim().toLowerCase())
      }
    />
  );
}
