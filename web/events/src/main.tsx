import { render } from 'preact';

import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('The page has no #app element.');
root.replaceChildren();
render(<App />, root);
