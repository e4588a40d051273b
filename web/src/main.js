import { createApp } from 'vue';
// ElMessage / ElMessageBox are called from scripts, never written in templates, so the
// component resolver does not bring their styles: imported here once for every screen.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import './styles.css';
import App from './App.vue';
import { router } from './router/index.js';
import { setUnauthenticatedHandler } from './api/http.js';
import { forget } from './stores/auth.js';
import { ElMessage } from 'element-plus';

// A 401 from any request but the session probes: the session ended; go and sign in again.
setUnauthenticatedHandler(() => {
  forget();
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  ElMessage.warning({ message: '登录已失效，请重新登录', grouping: true });
  router.replace({ path: '/login', query: { redirect: here.fullPath } });
});

createApp(App).use(router).mount('#app');
