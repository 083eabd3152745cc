// AppBuilder: built by the next step of the UI work.
import { Layout } from '../../components/Layout';

export function AppBuilder(_props: { app: string; [k: string]: unknown }) {
  return <Layout title="AppBuilder">{null}</Layout>;
}
