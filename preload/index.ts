// The renderer's only door to main: window.crm.invoke and window.crm.on. Nothing else is exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'crm:invoke';
const EVENT_CHANNEL = 'crm:event';

const api = {
  invoke: (channel: string, input?: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg && msg.event === event) listener(msg.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('crm', api);

export type PreloadApi = typeof api;
