// The only file that talks to ipcMain: forwards 'crm:invoke' to dispatch after the sender check.
import type { IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from './dispatch';
import { validateSender } from '../window/security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

export const INVOKE_CHANNEL = 'crm:invoke';
export const EVENT_CHANNEL = 'crm:event';

export function registerIpc(ipc: IpcMainLike, dispatch: Dispatch, windows: ReadonlySet<number>, appIndexUrl: () => string): void {
  ipc.handle(INVOKE_CHANNEL, async (event, channel, input) => {
    const caller = validateSender(event, windows, appIndexUrl());
    if (!caller) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not call the app.' } };
    }
    return dispatch(caller, channel, input);
  });
}
