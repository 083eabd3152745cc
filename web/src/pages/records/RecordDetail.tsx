// RecordDetail: built by the next step of the UI work.
import { Layout } from '../../components/Layout';

export function RecordDetail(_props: { app: string; [k: string]: unknown }) {
  return <Layout title="RecordDetail">{null}</Layout>;
}
