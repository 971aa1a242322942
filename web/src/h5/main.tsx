import { createRoot } from 'react-dom/client';
import '../app/i18n';

createRoot(document.getElementById('root')!).render(<div>家门口</div>);
