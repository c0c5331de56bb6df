/**
 * The slice of Electron's API that src/main and src/preload use. The Electron package (and its
 * binary) cannot be installed on the build machines (shared/ENVIRONMENT.md), so these declarations
 * stand in for its types; they follow https://www.electronjs.org/docs/latest/api/ and should be
 * deleted in favour of the real package's types where it can be installed.
 */
declare module 'electron' {
  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
    navigateOnDragDrop?: boolean;
  }
  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }
  interface Event { preventDefault(): void }
  interface WebFrameMain { url: string }
  interface IpcMainInvokeEvent { senderFrame: WebFrameMain | null }
  interface HandlerDetails { url: string }
  interface OnHeadersReceivedDetails { url: string; responseHeaders?: Record<string, string[]> }
  interface PermissionRequestHandler { (webContents: WebContents, permission: string, callback: (granted: boolean) => void): void }
  interface ProxyConfig { mode?: 'direct' | 'auto_detect' | 'pac_script' | 'fixed_servers' | 'system'; proxyRules?: string; proxyBypassRules?: string }
  interface Certificate { data: string; issuerCert?: Certificate }
  interface CertificateVerifyProcProcRequest { hostname: string; certificate: Certificate; validatedCertificate: Certificate; verificationResult: string; errorCode: number }
  interface Session {
    setProxy(config: ProxyConfig): Promise<void>;
    setCertificateVerifyProc(proc: ((request: CertificateVerifyProcProcRequest, callback: (verificationResult: number) => void) => void) | null): void;
    webRequest: { onHeadersReceived(listener: (details: OnHeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void };
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  }
  interface WebContents {
    session: Session;
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: Event, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  }
  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    webContents: WebContents;
    loadFile(path: string): Promise<void>;
    loadURL(url: string): Promise<void>;
    once(event: 'ready-to-show', listener: () => void): this;
    show(): void;
  }
  const app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'before-quit', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): void;
    quit(): void;
    getPath(name: 'userData'): string;
    enableSandbox(): void;
  };
  const ipcMain: { handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void };
  const ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
  const contextBridge: { exposeInMainWorld(apiKey: string, api: Record<string, unknown>): void };
  /** getSelectedStorageBackend is Linux only: https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux */
  const safeStorage: {
    isEncryptionAvailable(): boolean; encryptString(plain: string): Buffer; decryptString(encrypted: Buffer): string;
    getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
  };
  /**
   * https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler (file: may be
   * handled too; the handler passes a request on with net.fetch and bypassCustomProtocolHandlers).
   */
  const protocol: {
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
    unhandle(scheme: string): void;
  };
  /** https://www.electronjs.org/docs/latest/api/net#netfetchinput-init */
  const net: { fetch(input: Request | string, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<Response> };
  /** https://www.electronjs.org/docs/latest/api/shell#shellopenexternalurl-options */
  const shell: { openExternal(url: string): Promise<void> };
  export { app, BrowserWindow, contextBridge, ipcMain, ipcRenderer, net, protocol, safeStorage, shell };
  export type { BrowserWindowConstructorOptions, CertificateVerifyProcProcRequest, IpcMainInvokeEvent, ProxyConfig, Session, WebContents, WebPreferences };
}

/** Electron's addition to Node's process in the main process: https://www.electronjs.org/docs/latest/api/process#processresourcespath-readonly */
declare namespace NodeJS {
  interface Process { readonly resourcesPath: string }
}
