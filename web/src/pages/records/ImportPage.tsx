// ImportPage: built by the next step of the UI work.
import { Layout } from '../../components/Layout';

export function ImportPage(_props: { app: string; [k: string]: unknown }) {
  return <Layout title="ImportPage">{null}</Layout>;
}
