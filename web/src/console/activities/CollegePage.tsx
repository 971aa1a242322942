import { DownloadOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { Course, Session } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { CommunitySelect, fmt, hm, useCommunity } from './shared';
import './i18n';

interface RosterEntry {
  id: number;
  name: string;
  phone: string | null;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  position: number | null;
  checkedInAt: string | null;
  markedBy: string | null;
}
interface Roster {
  session: Session;
  checkinCode: string;
  items: RosterEntry[];
}
interface Figures {
  sessionsHeld: number;
  signups: number;
  attended: number;
  attendanceRate: number | null;
  peopleReached: number;
  byCourse: {
    courseId: number;
    title: string;
    sessionsHeld: number;
    attended: number;
    attendanceRate: number | null;
  }[];
  byTag: { tag: string; people: number }[];
}

const useL = () => {
  const { t } = useTranslation();
  return (k: string, o?: Record<string, unknown>) => t(`console.activities.${k}`, o) as string;
};
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** 社区学院: courses and their sessions, rosters with the check-in QR code, figures and the attendance export. */
export default function CollegePage() {
  const l = useL();
  const { tab } = useParams();
  const navigate = useNavigate();
  const c = useCommunity();
  const [creating, setCreating] = useState(false);
  const active = tab === 'figures' ? 'figures' : 'courses';
  return (
    <Card>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <CommunitySelect c={c} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          disabled={!c.community}
          data-testid="college-new"
        >
          {l('newCourse')}
        </Button>
      </div>
      {c.community !== undefined && (
        <Tabs
          activeKey={active}
          onChange={(k) => navigate(k === 'courses' ? '/college' : `/college/${k}`)}
          destroyOnHidden
          items={[
            { key: 'courses', label: l('tabs.courses'), children: <CoursesTab community={c.community} /> },
            { key: 'figures', label: l('tabs.figures'), children: <FiguresTab community={c.community} /> },
          ]}
        />
      )}
      {creating && c.community !== undefined && (
        <CourseModal community={c.community} onClose={() => setCreating(false)} />
      )}
    </Card>
  );
}

function schedule(c: Course, l: ReturnType<typeof useL>, weekdays: string[]) {
  if (c.repeat === 'weekly')
    return l('weekly', {
      day: weekdays[new Date(`${c.firstDate}T12:00:00+08:00`).getUTCDay()],
      time: c.startTime,
    });
  return l('once', { date: c.firstDate, time: c.startTime });
}

function CoursesTab({ community }: { community: number }) {
  const l = useL();
  const { t } = useTranslation();
  const weekdays = t('console.activities.weekdays', { returnObjects: true }) as string[];
  const q = useQuery({
    queryKey: ['activities', 'courses', community],
    queryFn: () => api<{ items: Course[] }>(`/api/activities/courses?communityId=${community}`),
  });
  const [open, setOpen] = useState<Course | null>(null);
  const audience = (c: Course) => {
    const parts = [...c.audienceTags];
    if (c.ageMin !== null && c.ageMax !== null) parts.push(l('ages', { min: c.ageMin, max: c.ageMax }));
    else if (c.ageMin !== null) parts.push(l('agesFrom', { min: c.ageMin }));
    else if (c.ageMax !== null) parts.push(l('agesTo', { max: c.ageMax }));
    return parts.map((p) => <Tag key={p}>{p}</Tag>);
  };
  return (
    <>
      <Table<Course>
        rowKey="id"
        size="middle"
        loading={q.isPending}
        dataSource={q.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="college-courses"
        onRow={(c) => ({ onClick: () => setOpen(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: l('series'), dataIndex: 'series', render: (s) => <Tag color="blue">{s}</Tag>, width: 120 },
          { title: l('title'), dataIndex: 'title' },
          { title: l('schedule'), render: (_, c) => schedule(c, l, weekdays), width: 150 },
          { title: l('place'), dataIndex: 'place' },
          { title: l('audience'), render: (_, c) => audience(c) },
          { title: l('capacity'), dataIndex: 'capacity', align: 'right', width: 70 },
          { title: l('sessions'), dataIndex: 'sessions', align: 'right', width: 70 },
          {
            title: l('next'),
            dataIndex: 'nextStartsAt',
            render: (v) => (v ? fmt(v) : l('none')),
            width: 150,
          },
        ]}
      />
      {open && <SessionsDrawer course={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function SessionsDrawer({ course, onClose }: { course: Course; onClose: () => void }) {
  const l = useL();
  const q = useQuery({
    queryKey: ['activities', 'sessions', course.id],
    queryFn: () => api<{ items: Session[] }>(`/api/activities/sessions?courseId=${course.id}&past=true`),
  });
  const [roster, setRoster] = useState<Session | null>(null);
  return (
    <Drawer
      open
      width={Math.min(760, window.innerWidth)}
      title={l('sessionsOf', { title: course.title })}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">
        {course.place} · {course.organiser}
      </Typography.Paragraph>
      <Table<Session>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="college-sessions"
        columns={[
          { title: l('startsAt'), render: (_, s) => `${fmt(s.startsAt)}–${hm(s.endsAt)}` },
          {
            title: l('seats'),
            align: 'right',
            render: (_, s) => (
              <span style={{ color: s.seatsTaken >= s.capacity ? '#cf1322' : undefined }}>
                {s.seatsTaken} / {s.capacity}
              </span>
            ),
          },
          { title: l('waiting'), dataIndex: 'waiting', align: 'right' },
          {
            title: '',
            render: (_, s) =>
              s.cancelled ? (
                <Tag>{l('cancelled')}</Tag>
              ) : (
                <Button
                  size="small"
                  icon={<QrcodeOutlined />}
                  onClick={() => setRoster(s)}
                  data-testid="college-roster"
                >
                  {l('roster')}
                </Button>
              ),
          },
        ]}
      />
      {roster && <RosterModal session={roster} onClose={() => setRoster(null)} />}
    </Drawer>
  );
}

function RosterModal({ session, onClose }: { session: Session; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['activities', 'roster', session.id],
    queryFn: () => api<Roster>(`/api/activities/sessions/${session.id}/roster`),
  });
  const mark = useMutation({
    mutationFn: (v: { id: number; present: boolean }) =>
      api(`/api/activities/signups/${v.id}/present`, { method: 'POST', json: { present: v.present } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities'] }),
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  const url = q.data ? `${window.location.origin}/h5/activities/checkin?code=${q.data.checkinCode}` : '';
  const live = (q.data?.items ?? []).filter((x) => x.status !== 'cancelled');
  return (
    <Modal
      open
      width={Math.min(720, window.innerWidth - 16)}
      footer={null}
      onCancel={onClose}
      title={l('rosterTitle', { title: session.title, when: fmt(session.startsAt) })}
    >
      {q.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} sm={9} style={{ textAlign: 'center' }}>
            <div
              style={{ background: '#fff', padding: 12, display: 'inline-block', border: '1px solid #eee' }}
            >
              <QRCodeSVG value={url} size={180} data-testid="college-qr" />
            </div>
            <div style={{ marginTop: 8 }}>
              {l('code')}
              <div style={{ fontSize: 28, fontWeight: 700, letterSpacing: 4 }} data-testid="college-code">
                {q.data.checkinCode}
              </div>
            </div>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {l('qrHint')}
            </Typography.Paragraph>
          </Col>
          <Col xs={24} sm={15}>
            <Table<RosterEntry>
              rowKey="id"
              size="small"
              dataSource={live}
              pagination={false}
              locale={{ emptyText: <Empty description={l('empty')} /> }}
              data-testid="college-roster-table"
              columns={[
                { title: l('name'), dataIndex: 'name' },
                {
                  title: l('status'),
                  render: (_, x) =>
                    x.status === 'confirmed' ? (
                      <Tag color="green">{l('statusConfirmed')}</Tag>
                    ) : (
                      <Tag color="orange">{l('statusWaitlisted', { n: x.position })}</Tag>
                    ),
                },
                {
                  title: l('checkedIn'),
                  render: (_, x) =>
                    x.status !== 'confirmed' ? null : x.checkedInAt ? (
                      <Space size={4}>
                        <span style={{ color: '#389e0d' }}>
                          ✓ {hm(x.checkedInAt)}
                          {x.markedBy ? l('markedBy', { name: x.markedBy }) : ''}
                        </span>
                        <Button
                          size="small"
                          type="link"
                          onClick={() => mark.mutate({ id: x.id, present: false })}
                        >
                          {l('unmark')}
                        </Button>
                      </Space>
                    ) : (
                      <Button
                        size="small"
                        onClick={() => mark.mutate({ id: x.id, present: true })}
                        data-testid="college-mark"
                      >
                        {l('markPresent')}
                      </Button>
                    ),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Modal>
  );
}

function FiguresTab({ community }: { community: number }) {
  const l = useL();
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ['activities', 'figures', community],
    queryFn: () => api<Figures>(`/api/activities/figures?communityId=${community}`),
  });
  const f = q.data;
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={l('figures.held')} value={f?.sessionsHeld ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('figures.rate')} value={f ? pct(f.attendanceRate) : '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('figures.attended')} value={f?.attended ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('figures.reached')} value={f?.peopleReached ?? '—'} />
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {l('figures.byTag')}
      </Typography.Title>
      {f && f.byTag.length === 0 ? (
        <Typography.Text type="secondary">{l('figures.noTags')}</Typography.Text>
      ) : (
        <Space wrap>
          {f?.byTag.map((x) => (
            <Tag key={x.tag} color="purple">
              {x.tag} · {x.people}
            </Tag>
          ))}
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {l('figures.byCourse')}
      </Typography.Title>
      <Table
        rowKey="courseId"
        size="small"
        loading={q.isPending}
        dataSource={f?.byCourse}
        pagination={false}
        columns={[
          { title: l('title'), dataIndex: 'title' },
          { title: l('figures.held'), dataIndex: 'sessionsHeld', align: 'right' },
          { title: l('figures.attended'), dataIndex: 'attended', align: 'right' },
          { title: l('figures.rate'), dataIndex: 'attendanceRate', align: 'right', render: pct },
        ]}
      />
      <Button
        style={{ marginTop: 16 }}
        icon={<DownloadOutlined />}
        data-testid="college-export"
        onClick={() =>
          downloadFile(`/api/activities/attendance/export?communityId=${community}`, 'attendance.xlsx').catch(
            (e) => message.error((e as ApiError).userMessage),
          )
        }
      >
        {l('figures.export')}
      </Button>
    </>
  );
}

interface CourseForm {
  series: string;
  title: string;
  place: string;
  organiser: string;
  capacity: number;
  repeat: 'once' | 'weekly';
  firstDate: Dayjs;
  lastDate?: Dayjs;
  startTime: Dayjs;
  minutes: number;
  ageMin?: number;
  ageMax?: number;
  audienceTags?: string[];
  description?: string;
}

function CourseModal({ community, onClose }: { community: number; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CourseForm>();
  const repeat = Form.useWatch('repeat', form);
  const save = useMutation({
    mutationFn: (v: CourseForm) =>
      api<Course>('/api/activities/courses', {
        method: 'POST',
        json: {
          communityId: community,
          series: v.series,
          title: v.title,
          place: v.place,
          organiser: v.organiser,
          capacity: v.capacity,
          repeat: v.repeat,
          firstDate: v.firstDate.format('YYYY-MM-DD'),
          lastDate: v.repeat === 'weekly' ? v.lastDate?.format('YYYY-MM-DD') : undefined,
          startTime: v.startTime.format('HH:mm'),
          minutes: v.minutes,
          ageMin: v.ageMin ?? null,
          ageMax: v.ageMax ?? null,
          audienceTags: v.audienceTags ?? [],
          description: v.description ?? '',
        },
      }),
    onSuccess: (c) => {
      void message.success(l('created', { n: c.sessions }));
      void qc.invalidateQueries({ queryKey: ['activities'] });
      onClose();
    },
    onError: (e) => void message.error((e as ApiError).userMessage),
  });
  return (
    <Modal
      open
      title={l('newCourse')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
      width={Math.min(640, window.innerWidth - 16)}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ repeat: 'weekly', capacity: 20, minutes: 90 }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="series" label={l('series')} rules={[{ required: true, max: 30 }]}>
              <Select
                showSearch
                data-testid="college-series"
                options={['妈妈圆桌', '学生第二课堂', '四点半课堂', '社区银龄学社', '社区家庭学校'].map(
                  (s) => ({
                    value: s,
                    label: s,
                  }),
                )}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="title" label={l('title')} rules={[{ required: true, max: 60 }]}>
              <Input data-testid="college-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="place" label={l('place')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="college-place" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="organiser" label={l('organiser')} rules={[{ required: true, max: 50 }]}>
              <Input data-testid="college-organiser" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="repeat" label={l('repeat')}>
              <Radio.Group
                options={[
                  { value: 'weekly', label: l('repeatWeekly') },
                  { value: 'once', label: l('repeatOnce') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item name="capacity" label={l('capacity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} data-testid="college-capacity" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item name="minutes" label={l('minutes')} rules={[{ required: true }]}>
              <InputNumber min={10} max={720} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="firstDate" label={l('firstDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} data-testid="college-first" />
            </Form.Item>
          </Col>
          {repeat === 'weekly' && (
            <Col xs={12} sm={8}>
              <Form.Item name="lastDate" label={l('lastDate')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} data-testid="college-last" />
              </Form.Item>
            </Col>
          )}
          <Col xs={12} sm={8}>
            <Form.Item name="startTime" label={l('startTime')} rules={[{ required: true }]}>
              <TimePicker
                format="HH:mm"
                minuteStep={5}
                style={{ width: '100%' }}
                data-testid="college-time"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="ageMin" label={l('ageMin')}>
              <InputNumber min={0} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="ageMax" label={l('ageMax')}>
              <InputNumber min={0} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="audienceTags" label={l('tags')}>
              <Select
                mode="tags"
                options={['全职妈妈', '独居老人', '夜间上班族', '退役军人'].map((v) => ({ value: v }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={l('description')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
