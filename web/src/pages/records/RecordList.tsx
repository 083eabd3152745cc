// RecordList: built by the next step of the UI work.
import { Layout } from '../../components/Layout';

export function RecordList(_props: { app: string; [k: string]: unknown }) {
  return <Layout title="RecordList">{null}</Layout>;
}
