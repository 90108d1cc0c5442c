import { UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button, Descriptions, Modal, Popconfirm, Space, Tag, Upload } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-error';
import { api, fetchData, fetchPage } from '../../api/client';
import type { ApiData, ApiQuery } from '../../components/api-types';
import { errorText } from '../../components/errors';
import { dispositionFilename, fileToBase64, saveBlob } from '../../components/upload';
import { useAuth } from '../../auth/AuthProvider';
import { formatFen } from '../../lib/money';
import { formatShopTime } from '../../lib/shop-time';

type Invoice = ApiData<'/api/admin/invoices', 'get'>[number];
type InvoicesQuery = ApiQuery<'/api/admin/invoices', 'get'>;

/**
 * The PDF goes as base64 inside a JSON body, and the API reads at most 1 MB of JSON: about 760 KB of PDF
 * (e-invoices are some tens of KB).
 */
const PDF_MAX_BYTES = 760 * 1024;
const ISSUE_ROLES = ['owner', 'finance'];

const STATUS = {
  requested: { text: '待开票', color: 'orange' },
  issued: { text: '已开票', color: 'green' },
} as const;
const TYPE_LABELS: Record<Invoice['type'], string> = { personal: '个人', company: '企业' };

interface SearchParams {
  current?: number;
  pageSize?: number;
  status?: Invoice['status'];
}

async function downloadInvoice(invoice: Invoice) {
  const { data, error, response } = await api.GET('/api/admin/invoices/{id}/file', {
    params: { path: { id: invoice.id } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw ApiError.fromResponse(response.status, error);
  saveBlob(data, dispositionFilename(response) ?? `invoice-${invoice.orderId}.pdf`);
}

export default function InvoicesPage() {
  const { message } = App.useApp();
  const { admin } = useAuth();
  const table = useRef<ActionType>(null);
  const [issuing, setIssuing] = useState<Invoice | null>(null);
  const canIssue = !!admin && ISSUE_ROLES.includes(admin.role);

  const columns: ProColumns<Invoice>[] = [
    { title: '编号', dataIndex: 'id', hideInSearch: true, width: 70 },
    {
      title: '订单',
      hideInSearch: true,
      render: (_, inv) => <Link to={`/orders/${inv.orderId}`}>订单 #{inv.orderId}</Link>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { requested: { text: '待开票' }, issued: { text: '已开票' } },
      render: (_, inv) => <Tag color={STATUS[inv.status].color}>{STATUS[inv.status].text}</Tag>,
    },
    { title: '类型', hideInSearch: true, render: (_, inv) => TYPE_LABELS[inv.type] },
    { title: '抬头', dataIndex: 'title', hideInSearch: true, ellipsis: true },
    { title: '税号', hideInSearch: true, render: (_, inv) => inv.taxId ?? '-' },
    { title: '接收邮箱', dataIndex: 'email', hideInSearch: true, ellipsis: true },
    { title: '金额', hideInSearch: true, align: 'right', render: (_, inv) => formatFen(inv.amount) },
    { title: '申请时间', hideInSearch: true, render: (_, inv) => formatShopTime(inv.requestedAt) },
    {
      title: '开票时间',
      hideInSearch: true,
      render: (_, inv) => (inv.issuedAt ? formatShopTime(inv.issuedAt) : '-'),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 160,
      render: (_, inv) => [
        canIssue && inv.status === 'requested' && (
          <a key="issue" onClick={() => setIssuing(inv)}>
            开票
          </a>
        ),
        canIssue && inv.status === 'issued' && (
          <Popconfirm
            key="reissue"
            title="重新上传发票？"
            description="新上传的 PDF 会替换已开出的发票文件，买家下载到的将是新文件。"
            okText="继续"
            cancelText="取消"
            onConfirm={() => setIssuing(inv)}
          >
            <a>重新上传</a>
          </Popconfirm>
        ),
        inv.status === 'issued' && (
          <a
            key="download"
            onClick={() => downloadInvoice(inv).catch((e: unknown) => message.error(errorText(e)))}
          >
            下载
          </a>
        ),
      ],
    },
  ];

  return (
    <PageContainer
      title="发票"
      content="买家在已付款订单上申请发票；开票即上传电子发票 PDF，买家在小程序中下载。"
    >
      <ProTable<Invoice, SearchParams>
        rowKey="id"
        actionRef={table}
        scroll={{ x: 'max-content' }}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        options={{ density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query: InvoicesQuery = { page: params.current ?? 1, pageSize: params.pageSize ?? 20 };
          if (params.status) query.status = params.status;
          try {
            const { rows, meta } = await fetchPage(api.GET('/api/admin/invoices', { params: { query } }));
            return { data: rows, total: meta.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
      />
      {issuing && (
        <IssueModal
          invoice={issuing}
          onClose={(issued) => {
            setIssuing(null);
            if (issued) table.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

function IssueModal({ invoice, onClose }: { invoice: Invoice; onClose(issued: boolean): void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function pick(picked: File) {
    setProblem(null);
    if (picked.type !== 'application/pdf' && !picked.name.toLowerCase().endsWith('.pdf')) {
      setProblem('请上传 PDF 格式的电子发票');
    } else if (picked.size > PDF_MAX_BYTES) {
      setProblem('发票文件不能超过 760 KB');
    } else {
      setFile(picked);
    }
  }

  async function issue() {
    if (!file) {
      setProblem('请选择发票 PDF');
      return;
    }
    setSaving(true);
    try {
      const pdfBase64 = await fileToBase64(file);
      await fetchData(
        api.POST('/api/admin/invoices/{id}/issue', {
          params: { path: { id: invoice.id } },
          body: { pdfBase64 },
        }),
      );
      message.success('发票已开出，买家可在订单中下载');
      onClose(true);
    } catch (e) {
      setProblem(
        e instanceof ApiError && e.code === 'UNSUPPORTED_MEDIA_TYPE' ? '文件不是有效的 PDF' : errorText(e),
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      title={invoice.status === 'issued' ? '重新上传发票' : '开票'}
      open
      okText="确认开票"
      okButtonProps={{ disabled: !file }}
      confirmLoading={saving}
      onOk={issue}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="抬头">{invoice.title}</Descriptions.Item>
        {invoice.taxId && <Descriptions.Item label="税号">{invoice.taxId}</Descriptions.Item>}
        <Descriptions.Item label="金额">{formatFen(invoice.amount)}</Descriptions.Item>
        <Descriptions.Item label="接收邮箱">{invoice.email}</Descriptions.Item>
      </Descriptions>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept="application/pdf,.pdf"
          maxCount={1}
          beforeUpload={(picked) => {
            pick(picked);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>选择电子发票 PDF</Button>
        </Upload>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Space>
    </Modal>
  );
}
