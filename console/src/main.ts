import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
// Chinese text renders the same on every machine, fonts installed or not (subsets load by unicode-range).
import '@fontsource/noto-sans-sc/400.css';
import App from './App.vue';
import { router } from './router';
import { finishOidc } from './session';
import './style.css';

await finishOidc();
createApp(App).use(ElementPlus).use(router).mount('#app');
