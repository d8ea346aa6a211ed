/**
 * The sandboxed preload: `window.warroom` is the contract and nothing else (see ./bridge).
 * ipcRenderer itself never crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createWarroomApi } from './bridge';

contextBridge.exposeInMainWorld('warroom', createWarroomApi(ipcRenderer));
