import type { RosterPreview } from '@doorstep/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { uploadImport } from '../imports/imports.api';
import { MappedImport } from '../imports/MappedImport';
import './i18n';
import './lists-import.css';

export type ListKind = 'need' | 'resource' | 'dormant' | 'projects';
/** The template's columns (the server's first aliases), in order: the result table reads like the file. */
const ITEM_FIELDS: [field: string, column: string][] = [
  ['kind', '类别'],
  ['publisherKind', '发布方类型'],
  ['publisherName', '发布方'],
  ['title', '名称'],
  ['description', '说明'],
  ['owner', '权属单位'],
  ['idleYears', '闲置年限'],
  ['convertibleUse', '可转化用途'],
  ['expectedFunding', '预计撬动资金'],
];
const PROJECT_FIELDS: [field: string, column: string][] = [
  ['title', '项目名称'],
  ['need', '需求'],
  ['resource', '资源'],
  ['ownerName', '承接方'],
  ['budgetYuan', '预算（元）'],
  ['agreement', '协议要点'],
];

const downloadListTemplate = (projects: boolean) =>
  projects
    ? downloadFile('/api/lists/projects/import-template.xlsx', '项目清单导入模板.xlsx')
    : downloadFile('/api/lists/import-template.xlsx', '三张清单导入模板.xlsx');

const previewList = (community: number, list: ListKind, file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<RosterPreview>(
    `/api/lists/imports/preview?communityId=${community}&list=${list === 'projects' ? 'projects' : 'items'}`,
    form,
    () => {},
  );
};

/**
 * 导入清单 (MappedImport): which list rows without a 类别 go to (the projects list has a file of its own, so
 * switching to or from it reads the chosen file again), then the file, 列对应 and the mode.
 */
export default function ListImport({
  community,
  list: initialList,
  onClose,
}: {
  community: number;
  list: ListKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.part.lists.importing.${k}`, o);
  const [list, setList] = useState<ListKind>(initialList);
  const projects = list === 'projects';
  const fieldLabel = (f: string) =>
    t(`console.part.lists.importing.${projects ? 'projectFields' : 'fields'}.${f}`, { defaultValue: f });
  const FIELDS = projects ? PROJECT_FIELDS : ITEM_FIELDS;
  const required = projects ? 'ownerName' : 'title';

  return (
    <MappedImport
      onClose={onClose}
      onCommitted={() => void qc.invalidateQueries({ queryKey: ['participation'] })}
      testIds={{
        run: 'list-import',
        file: 'list-import-file',
        mapping: 'list-import-mapping',
        map: 'list-import-map-',
      }}
      className="ds-list-import"
      text={{
        title: l('title'),
        fileHint: projects ? l('fileHintProjects') : l('fileHint'),
        templateHelp: l('templateHelp'),
        template: l('template'),
        mapping: l('mapping'),
        mappingHelp: (rows) => l('mappingHelp', { rows }),
        notMapped: l('notMapped'),
        missing: () => l('mappingMissing', { field: fieldLabel(required) }),
        fixHint: l('fixHint'),
        newFile: l('newFile'),
        created: projects ? l('createdProjects') : l('created'),
        wouldCreate: projects ? l('wouldCreateProjects') : l('wouldCreate'),
      }}
      fields={FIELDS.map(([f]) => f)}
      isRequired={(f) => f === required}
      fieldLabel={fieldLabel}
      missing={(mapping) => (mapping[required] ? [] : [required])}
      preview={(file) => previewList(community, list, file)}
      start={(file, mode, mapping, onProgress) =>
        uploadImport(
          `/api/lists/imports?communityId=${community}`,
          file,
          { mode, list, mapping: JSON.stringify(mapping) },
          onProgress,
        )
      }
      onTemplate={() =>
        downloadListTemplate(projects).catch((e) =>
          message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
        )
      }
      before={({ file, choose }) => (
        <Form.Item label={l('list')} extra={projects ? l('projectsHelp') : l('listHelp')}>
          <Radio.Group
            value={list}
            onChange={(e) => {
              const next = e.target.value as ListKind;
              setList(next);
              // the projects file has other columns: read it again for them
              if (file && (next === 'projects') !== projects)
                choose(file, (f) => previewList(community, next, f));
            }}
            optionType="button"
            className="ds-list-import-lists"
            options={(['need', 'resource', 'dormant', 'projects'] as const).map((k) => ({
              value: k,
              label: l(`lists.${k}`),
            }))}
          />
        </Form.Item>
      )}
      columnOrder={(preview) => preview?.headers ?? FIELDS.map(([, c]) => c)}
      isFieldColumn={(column, field, mapping) =>
        !!field && (mapping[field] ?? FIELDS.find(([f]) => f === field)?.[1]) === column
      }
    />
  );
}
