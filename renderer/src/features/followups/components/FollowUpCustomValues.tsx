// A follow-up's custom field values (issue 13) as one compact line of "名称：值" pairs, in the order of the
// follow-up form layout; fields without a value are left out. Used by the timeline and the follow-up list.
import { Space, Typography } from 'antd';
import { displayCustomValue } from '../../fields/CustomFieldValues';
import { fieldLabel, useFormSections } from '../../fields/hooks';

export function FollowUpCustomValues({ values }: { values: Record<string, unknown> | undefined }) {
  const fields = useFormSections('followUp').flatMap((s) => s.fields);
  const shown = fields.filter((f) => {
    const v = values?.[f.key];
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length);
  });
  if (!shown.length) return null;
  return (
    <div style={{ marginTop: 4 }} data-testid="follow-up-custom">
      <Space size={[16, 2]} wrap>
        {shown.map((f) => (
          <span key={f.key} data-testid={`follow-up-custom-${f.key}`}>
            <Typography.Text type="secondary">{fieldLabel(f)}：</Typography.Text>
            {displayCustomValue(f, values?.[f.key])}
          </span>
        ))}
      </Space>
    </div>
  );
}
