// Messages of the My Number guard (Abiko §5(2)): the dialog that asks the person to
// confirm a 12-digit number in prose is not an individual number (DC_MN02).
import { register } from '..';

const ja = {
  'mn.title': '個人番号（マイナンバー）の確認',
  'mn.intro': '特定個人情報（個人番号）は、承認を受けたアプリ以外では扱えません（我孫子市 §5(2)）。入力した内容に個人番号かもしれない 12 桁の番号があります。',
  'mn.check': '個人番号ではないことを確かめました（確認したことは記録されます）',
  'mn.proceed': '確認して保存する',
  'mn.back': '戻って修正する',
};

const en: typeof ja = {
  'mn.title': 'Check for an individual number (My Number)',
  'mn.intro': 'Specific personal information (individual numbers) may only be kept in apps approved for it (Abiko §5(2)). What you entered holds a 12-digit number that may be an individual number.',
  'mn.check': 'I have made sure it is not an individual number (this confirmation is recorded)',
  'mn.proceed': 'Confirm and save',
  'mn.back': 'Go back and correct it',
};

register(ja, en);
