import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

// antd-mobile 5 renders Toast/Dialog with the legacy ReactDOM.render, gone in React 19:
// give it createRoot (https://mobile.ant.design/guide/v5-for-19).
unstableSetRender((node, container) => {
  const c = container as Element & { _h5Root?: Root };
  c._h5Root ??= createRoot(container);
  const root = c._h5Root;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    c._h5Root = undefined;
  };
});
