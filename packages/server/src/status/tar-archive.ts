/**
 * A POSIX ustar archive of a few files, written in memory: the static export of a status page is
 * one download that `tar -xf` (and every static-site tool) opens. No compression: the fonts are
 * woff2 already, the pages small.
 */
export interface ArchiveFile {
  path: string;
  data: Buffer;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  if (Buffer.byteLength(path) > 100) throw new Error(`archive path too long: ${path}`);
  h.write(path, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtime, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // the checksum counts its own field as spaces
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

export function tarArchive(files: readonly ArchiveFile[], mtime = new Date()): Buffer {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f.path, f.data.length, seconds), f.data);
    const pad = (512 - (f.data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(parts);
}
