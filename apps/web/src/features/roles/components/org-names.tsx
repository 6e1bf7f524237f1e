import { Tag } from 'antd';
import { useOrg } from '../../orgs/orgs-api';

function OrgNameTag({ id }: { id: number }) {
  const { data, isError } = useOrg(id);
  return <Tag style={{ marginBlock: 1 }}>{isError ? `#${id}` : (data?.name ?? '…')}</Tag>;
}

/** Names of the units a grant is limited to (ids outside my scope show as #id). */
export function OrgNames({ ids }: { ids: number[] }) {
  return (
    <>
      {ids.map((id) => (
        <OrgNameTag key={id} id={id} />
      ))}
    </>
  );
}
