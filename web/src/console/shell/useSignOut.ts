import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { authApi } from '../../app/api';
import { queryClient } from '../../app/queries';

/** Signs out, forgets every cached answer (they belong to the old user) and returns to the login page. */
export function useSignOut() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const navigate = useNavigate();
  return async () => {
    await authApi.signOut().catch(() => undefined);
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
    message.success(t('console.header.logoutDone'));
    navigate('/login', { replace: true });
  };
}
