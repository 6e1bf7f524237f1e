/** The part of fontkit (pdfkit's font engine, which ships no types) that the printed forms use. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    layout(text: string): unknown;
  }
  export interface FontCollection {
    fonts: Font[];
  }
  /** Parses a font file; for a collection (.ttc) with `postscriptName`, the face of that name. */
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection | null;
}
