import type { Meeting } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Divider, Empty, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import './micro.i18n';

const ROLES = [
  'resident',
  'party_member',
  'merchant',
  'responder',
  'grid_worker',
  'community_staff',
  'community_secretary',
] as const;
interface Invitee {
  userId: string;
  name: string;
  invitedAt: string;
  checkedIn: boolean;
}

/** 发送邀请: invite everyone with the chosen roles in the community; below, who was invited and who checked in. */
export default function InviteButton({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.invite.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [roles, setRoles] = useState<string[]>(['party_member']);
  const key = ['participation', 'invitees', meeting.id];
  const list = useQuery({
    queryKey: key,
    enabled: open,
    queryFn: () => api<{ items: Invitee[] }>(`/api/meetings/${meeting.id}/invitations`),
  });
  const send = useMutation({
    mutationFn: () =>
      api<{ items: Invitee[]; invited: number }>(`/api/meetings/${meeting.id}/invitations`, {
        method: 'POST',
        json: { roles },
      }),
    onSuccess: (r) => {
      message.success(l('sent', { n: r.invited }));
      qc.setQueryData(key, r);
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const checked = list.data?.items.filter((x) => x.checkedIn).length ?? 0;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="meeting-invite">
        {l('button')}
      </Button>
      <Modal
        open={open}
        title={`${l('button')} · ${meeting.title}`}
        onCancel={() => setOpen(false)}
        footer={null}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{l('hint')}</Typography.Paragraph>
        <Checkbox.Group
          value={roles}
          onChange={(v) => setRoles(v as string[])}
          options={ROLES.map((r) => ({ value: r, label: l(`role.${r}`) }))}
        />
        <div style={{ marginTop: 12 }}>
          <Button
            type="primary"
            disabled={roles.length === 0}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="meeting-invite-send"
          >
            {l('send')}
          </Button>
        </div>
        <Divider titlePlacement="start" plain>
          {l('list', { n: list.data?.items.length ?? 0, checked })}
        </Divider>
        {list.data?.items.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('none')} />
        )}
        <Space wrap data-testid="meeting-invitees">
          {list.data?.items.map((x) => (
            <Tag key={x.userId} color={x.checkedIn ? 'green' : undefined}>
              {x.name}
              {x.checkedIn ? ` ✓ ${l('checkedIn')}` : ''}
            </Tag>
          ))}
        </Space>
      </Modal>
    </>
  );
}
