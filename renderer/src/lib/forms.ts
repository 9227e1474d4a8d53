import type { FormInstance } from 'antd';
import { message } from 'antd';
import { ApiError } from './api';

/**
 * Show an API error where the user can act on it: field errors next to their fields, anything else
 * as a message. Returns true if it was shown on fields.
 */
export function showApiError(e: unknown, form?: FormInstance, fieldMap: Record<string, string> = {}): boolean {
  if (e instanceof ApiError) {
    const fields = Object.entries(e.fieldErrors);
    if (form && fields.length) {
      const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
      // an edit sends its changes as `patch`: main names them `patch.<field>`, the form just `<field>`
      const mapped = fields.map(([k, msg]) => ({ name: fieldMap[k] ?? (k.startsWith('patch.') && !known.has('patch') ? k.slice('patch.'.length) : k), errors: [msg] }));
      const onForm = mapped.filter((f) => known.has(f.name.split('.')[0]));
      if (onForm.length) {
        form.setFields(onForm);
        if (onForm.length < mapped.length) void message.error(e.message);
        return true;
      }
    }
    void message.error(e.message);
    return false;
  }
  void message.error(String((e as Error)?.message ?? e));
  return false;
}
