// jsdom ships no types and @types/jsdom is not installed; the contract kit needs only its XML parser.
declare module "jsdom" {
  export class JSDOM {
    constructor(markup: string, options?: { contentType?: string });
    readonly window: Window & typeof globalThis;
  }
}
