// Messages of the My Number guard (Abiko §5(2)): the dialog that asks the person to
// confirm a 12-digit number in prose is not an individual number (DC_MN02).
import { register } from '..';

const ja = {
  'mn.title': '個人番号（マイナンバー）の確認',
  'mn.intro': '個人番号でなければ、下の確認にチェックを入れて保存してください。個人番号なら「戻って修正する」を押して、その番号を削除してください。',
  'mn.check': '個人番号ではないことを確かめました（確認したことは記録されます）',
  'mn.proceed': '確認して保存する',
  'mn.back': '戻って修正する',
};

const en: typeof ja = {
  'mn.title': 'Check for an individual number (My Number)',
  'mn.intro': 'If it is not an individual number, tick the box below and save. If it is one, choose "Go back and correct it" and remove the number.',
  'mn.check': 'I have made sure it is not an individual number (this confirmation is recorded)',
  'mn.proceed': 'Confirm and save',
  'mn.back': 'Go back and correct it',
};

register(ja, en);
