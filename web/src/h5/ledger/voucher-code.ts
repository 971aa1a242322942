/** The link a voucher's QR code carries: the merchant's camera opens 我的积分 with the code filled in. */
export const voucherLink = (code: string) =>
  `${window.location.origin}/h5/me/points?use=${encodeURIComponent(code)}`;

/** The code out of a scanned link (…?use=ABCD2345) or a bare code; null when it is neither. */
export function codeFrom(text: string): string | null {
  const bare = text.trim().toUpperCase();
  if (/^[A-Z2-9]{8}$/.test(bare)) return bare;
  try {
    const use = new URL(text.trim()).searchParams.get('use')?.toUpperCase();
    return use && /^[A-Z2-9]{8}$/.test(use) ? use : null;
  } catch {
    return null;
  }
}
