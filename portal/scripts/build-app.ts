/** `npm run build -w portal`: bundles the end users' app into `portal/dist/app` (also done by `npm start` when needed). */
import { buildApp } from '../src/app-bundle/build-app.js';

const folder = await buildApp();
process.stdout.write(`portal: app built into ${folder}\n`);
