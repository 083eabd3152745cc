// Messages of the disposal register (廃棄記録, Kuki 第15条, Yabu 第9条): the admin section
// listing every crypto-erase of a class Ⅰ record or app (docs/ENCRYPTION.md).
import { register } from '..';

const ja = {
  'ce.intro':
    'クラスⅠのアプリのデータは、レコードごとの鍵で暗号化して保存しています（久喜市 第25条）。レコードを削除したとき、またはアプリを利用終了（閉鎖）したときは、その鍵を消去し、データを復元できない状態にします（暗号消去、久喜市 第15条・養父市 第9条）。ここにはその記録を一覧します。記録は変更も削除もできません。',
  'ce.empty': '廃棄記録はまだありません。',
  'ce.at': '日時',
  'ce.what': '対象',
  'ce.what.record': 'レコード',
  'ce.what.app': 'アプリ全体',
  'ce.app': 'アプリ',
  'ce.record': 'レコード番号',
  'ce.records': '件数',
  'ce.who': '実施者',
  'ce.method': '方法',
  'ce.method.crypto-erase': '暗号消去（鍵の破棄）',
  'ce.more': 'さらに表示',
};

const en: { [K in keyof typeof ja]: string } = {
  'ce.intro':
    'The data of class I apps is stored encrypted, with one key per record (Kuki art. 25). Deleting a record, or closing the app, destroys its keys so the data cannot be recovered (crypto-erase, Kuki art. 15, Yabu art. 9). This register lists every such erasure; it cannot be changed or deleted.',
  'ce.empty': 'No disposals yet.',
  'ce.at': 'When',
  'ce.what': 'What',
  'ce.what.record': 'record',
  'ce.what.app': 'whole app',
  'ce.app': 'App',
  'ce.record': 'Record',
  'ce.records': 'Records',
  'ce.who': 'By',
  'ce.method': 'Method',
  'ce.method.crypto-erase': 'crypto-erase (keys destroyed)',
  'ce.more': 'Show more',
};

register(ja, en);
