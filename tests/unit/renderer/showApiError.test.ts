// Where an API error lands in a form (renderer/src/lib/forms.ts): an edit sends its changes as `patch`, and
// main's contract names a bad value `patch.<field>`; the error belongs under <field> on the form, not in a toast
// that shows the raw path ("输入有误：patch.content: 必填" when a follow-up's content was edited to spaces).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const toast = vi.hoisted(() => ({ error: vi.fn() }));
vi.mock('antd', () => ({ message: toast }));
vi.mock('../../../renderer/src/lib/api', () => ({
  ApiError: class ApiError extends Error {
    constructor(
      readonly code: string,
      message: string,
      readonly details?: { fieldErrors?: Record<string, string> },
    ) {
      super(message);
    }
    get fieldErrors() {
      return this.details?.fieldErrors ?? {};
    }
  },
}));

import { ApiError } from '../../../renderer/src/lib/api';
import { showApiError } from '../../../renderer/src/lib/forms';

function fakeForm(values: Record<string, unknown>) {
  const setFields = vi.fn();
  return { form: { getFieldsValue: () => values, setFields } as never, setFields };
}

beforeEach(() => toast.error.mockReset());

describe('showApiError', () => {
  it('puts patch.<field> errors of an edit under the field, with no toast', () => {
    const { form, setFields } = fakeForm({ content: '   ', method: '电话' });
    const e = new ApiError('INVALID_INPUT', '输入有误：patch.content: 必填', { fieldErrors: { 'patch.content': '必填' } });
    expect(showApiError(e, form)).toBe(true);
    expect(setFields).toHaveBeenCalledWith([{ name: 'content', errors: ['必填'] }]);
    expect(toast.error).not.toHaveBeenCalled();
  });

  it('keeps plain field names and an explicit map as they were', () => {
    const { form, setFields } = fakeForm({ name: '', region: null });
    const e = new ApiError('INVALID_INPUT', 'x', { fieldErrors: { name: '请填写', 'patch.province': '没有这个省' } });
    expect(showApiError(e, form, { 'patch.province': 'region' })).toBe(true);
    expect(setFields).toHaveBeenCalledWith([
      { name: 'name', errors: ['请填写'] },
      { name: 'region', errors: ['没有这个省'] },
    ]);
  });

  it('a form that really has a `patch` field keeps the full path', () => {
    const { form, setFields } = fakeForm({ patch: { level: 'A' } });
    const e = new ApiError('INVALID_INPUT', 'x', { fieldErrors: { 'patch.level': '无效' } });
    showApiError(e, form);
    expect(setFields).toHaveBeenCalledWith([{ name: 'patch.level', errors: ['无效'] }]);
  });

  it('an error for no field of the form is a toast with its message', () => {
    const { form, setFields } = fakeForm({ content: 'x' });
    const e = new ApiError('INVALID_INPUT', '输入有误：version: 必填', { fieldErrors: { version: '必填' } });
    expect(showApiError(e, form)).toBe(false);
    expect(setFields).not.toHaveBeenCalled();
    expect(toast.error).toHaveBeenCalledWith('输入有误：version: 必填');
  });
});
