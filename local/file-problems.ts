/**
 * What a file-system error means to the person running a command, in plain words with what to do, from the error's
 * message as Node writes it ("EACCES: permission denied, mkdir '/srv/out/2026-autumn'"), wherever it came from (a
 * stage of the cycle records only the message). Undefined for any other error.
 */
const CODE = /\b(EACCES|EPERM|EROFS|ENOSPC|EDQUOT|ENOTDIR|EISDIR|ENOENT)\b(?:[^']*?, (\w+) '([^']+)')?/;

export function fileProblem(message: string): string | undefined {
  const found = CODE.exec(message);
  if (!found) return undefined;
  const [, code, call, path] = found;
  const where = path ? ` ${path}` : '';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot write${where}: permission denied (the folder is read-only, or belongs to someone else). Make it writable, or choose another folder (--out, --store), and run again.`;
    case 'EROFS':
      return `cannot write${where}: it is on a read-only file system. Choose a folder on a writable disk (--out, --store) and run again.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk is full${path ? ` (writing ${path})` : ''}. Free some space and run the term again: letters already sent are recorded and will not be sent twice.`;
    case 'ENOTDIR':
      return `cannot write${where}: part of that path is a file, not a folder. Choose another folder (--out, --store) and run again.`;
    case 'EISDIR':
      return `cannot write${where}: it is a folder where a file was to be written. Move it away, or choose another folder, and run again.`;
    case 'ENOENT':
      return call === 'mkdir' || call === 'open'
        ? `cannot write${where}: a folder on its path does not exist and could not be made. Check the folder (--out, --store) and run again.`
        : undefined;
    default:
      return undefined;
  }
}
