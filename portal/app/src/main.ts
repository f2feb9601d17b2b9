/** The end users' app: starts the controller in the page the portal serves (portal/app/index.html). */
import 'uplot/dist/uPlot.min.css';
import '../styles/app.css';
import { PortalApp } from './portal-app.js';

const root = document.getElementById('app');
if (root === null) throw new Error('The page has no #app element.');
void new PortalApp(root).start();
