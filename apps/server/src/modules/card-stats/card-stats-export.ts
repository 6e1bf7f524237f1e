import ExcelJS from 'exceljs';
import type { CardStats, CardStatsQuery } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { cardStats } from './card-stats.service';

const PERCENT = '0.00%';

/** The rates table as .xlsx: the unit, then each child unit; rates as percentages the reader can recompute. */
export async function exportCardStats(deps: AppDeps, ctx: ActorContext, q: CardStatsQuery): Promise<{ data: Buffer; fileName: string; asciiName: string }> {
  const stats = await cardStats(deps, ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tongxing';
  const ws = wb.addWorksheet('开卡率用卡率');
  const baseLabel = stats.issueRateBase === 'members' ? '会员数' : '采集数';
  ws.columns = [
    { header: '单位', key: 'orgName', width: 32 },
    { header: '会员数', key: 'members', width: 10 },
    { header: '采集数', key: 'collected', width: 10 },
    { header: '发卡数', key: 'issued', width: 10 },
    { header: '激活数', key: 'activated', width: 10 },
    { header: `用卡数（${stats.period}）`, key: 'used', width: 16 },
    { header: `开卡率（发卡÷${baseLabel}）`, key: 'issueRate', width: 20, style: { numFmt: PERCENT } },
    { header: '激活率（激活÷发卡）', key: 'activationRate', width: 20, style: { numFmt: PERCENT } },
    { header: '用卡率（用卡÷激活）', key: 'usageRate', width: 20, style: { numFmt: PERCENT } },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const rows: CardStats['children'] = [stats, ...stats.children];
  for (const r of rows) ws.addRow({ ...r, orgName: r.orgId === stats.orgId ? `${r.orgName}（合计）` : r.orgName });
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(deps.db, ctx, { action: 'card_stats.export', entityType: 'org_unit', entityId: stats.orgId, after: { period: stats.period, rows: rows.length } });
  return { data, fileName: `开卡率用卡率_${stats.orgName}_${stats.period}.xlsx`, asciiName: `card-rates-${stats.orgId}-${stats.period}.xlsx` };
}
