import { Button, Popup } from 'antd-mobile';
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeFrom, voucherLink } from './voucher-code';

/** A big QR code and the code in large letters, to show at the counter. */
export function VoucherQrPopup({ code, item, onClose }: { code: string; item: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Popup visible onMaskClick={onClose} onClose={onClose} bodyStyle={{ borderRadius: '12px 12px 0 0' }}>
      <div className="h5-qr" data-testid="h5-voucher-qr">
        <b>{item}</b>
        <QRCodeSVG value={voucherLink(code)} size={220} marginSize={2} title={code} />
        <span className="h5-qr-code">{code}</span>
        <p className="h5-hint">{t('h5.points.qrHint')}</p>
        <Button block size="large" onClick={onClose}>
          {t('h5.points.close')}
        </Button>
      </div>
    </Popup>
  );
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (o: { formats: string[] }) => Detector;
  }
}
/** Whether this phone's browser can read QR codes from the camera (Chrome on Android can; others type the code). */
export const canScan = () =>
  typeof window !== 'undefined' && !!window.BarcodeDetector && !!navigator.mediaDevices;

/** The camera, read a few times a second until a voucher code shows up. */
export function ScanPopup({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const detector = new window.BarcodeDetector!({ formats: ['qr_code'] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        const tick = async () => {
          if (stopped || !video.current) return;
          const found = (await detector.detect(video.current).catch(() => []))
            .map((b) => codeFrom(b.rawValue))
            .find((c) => c);
          if (found) onCode(found);
          else timer = window.setTimeout(tick, 250);
        };
        void tick();
      })
      .catch(() => setFailed(true));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [onCode]);
  return (
    <Popup visible onMaskClick={onClose} onClose={onClose}>
      <div className="h5-qr">
        {failed ? (
          <p className="h5-hint">{t('h5.points.scanFailed')}</p>
        ) : (
          <video ref={video} className="h5-scan-video" muted playsInline />
        )}
        <Button block size="large" onClick={onClose}>
          {t('h5.points.close')}
        </Button>
      </div>
    </Popup>
  );
}
