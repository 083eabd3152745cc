import { render } from 'preact';
render(<p>daicho</p>, document.getElementById('app')!);
