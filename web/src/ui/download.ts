import { ApiError } from '../app/api';
import i18n from '../app/i18n';

/** The file name from Content-Disposition (RFC 6266 filename* first), or the fallback. */
function fileNameOf(header: string | null, fallback: string) {
  if (!header) return fallback;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1].replace(/"/g, ''));
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/** Downloads a file from the API; a problem+json answer becomes an ApiError instead of a broken file. */
export async function downloadFile(path: string, fallbackName: string) {
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      headers: { 'accept-language': i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN' },
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
