/*
 * err: the error table (kintone code, HTTP status, Japanese and English message) and
 * the helpers that fill a struct err. Codes starting DC_ are daicho's own, for
 * refusals kintone has no code for; docs/ERRORS.md lists them all.
 */
#include "core/err.h"
#include "core/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct err_info table[E__COUNT] = {
	[E_OK] = {"", 200, {"", ""}},
	[E_INPUT] = {"CB_VA01", 400,
		{"入力内容が正しくありません。", "Missing or invalid input."}},
	[E_JSON] = {"CB_IJ01", 400,
		{"リクエストの JSON が正しくありません（%s バイト目付近）。",
		 "The request body is not valid JSON (near byte %s)."}},
	[E_UTF8] = {"CB_VA01", 400,
		{"リクエストの %s に UTF-8 として正しくない文字があります。",
		 "The request's %s contains bytes that are not valid UTF-8."}},
	[E_BODY_TOO_LARGE] = {"DC_RQ01", 413,
		{"リクエストが大きすぎます。この API で送れるのは %s バイトまでです。",
		 "The request is too large. This API accepts at most %s bytes."}},
	[E_NO_AUTH] = {"CB_AU01", 401,
		{"ログインしてください。", "Please login."}},
	[E_BAD_PASSWORD] = {"CB_WA01", 401,
		{"パスワード認証に失敗しました。X-Cybozu-Authorization ヘッダーの値が正しくありません。",
		 "Password authentication failed. The value in http header of X-Cybozu-Authorization is not valid."}},
	[E_BAD_TOKEN] = {"GAIA_IA02", 401,
		{"指定した API トークンは無効です。",
		 "The specified API token is invalid."}},
	[E_TOO_MANY_TOKENS] = {"CB_VA01", 400,
		{"1 回のリクエストで指定できる API トークンは 9 個までです。",
		 "A request may carry at most 9 API tokens."}},
	[E_LOGIN_FAILED] = {"DC_AU01", 401,
		{"ログイン名またはパスワードが正しくありません。",
		 "The login name or password is incorrect."}},
	[E_LOCKED] = {"DC_AU02", 429,
		{"ログインの失敗が続いたため、このアカウントへのログインを一時的に止めています。%s 秒後にもう一度お試しください。",
		 "Too many failed logins: sign-in to this account is paused. Try again in %s seconds."}},
	[E_CSRF] = {"DC_AU03", 403,
		{"リクエストトークンがないか正しくありません。ページを再読み込みしてからもう一度操作してください。",
		 "The request token is missing or wrong. Reload the page and try again."}},
	[E_ACCOUNT_DISABLED] = {"DC_AU04", 403,
		{"このアカウントは停止されています。管理者に連絡してください。",
		 "This account is suspended. Contact your administrator."}},
	[E_NO_PERMISSION] = {"CB_NO02", 403,
		{"権限がありません。", "No privilege to proceed."}},
	[E_TOKEN_PERMISSION] = {"GAIA_NO01", 403,
		{"この API トークンでは、この API を実行できません。",
		 "Using this API token, you cannot run the specified API."}},
	[E_ADMIN_ONLY] = {"CB_NO02", 403,
		{"この操作には管理の役割（%s）が必要です。",
		 "This operation needs an administrative role (%s)."}},
	[E_APP_NOT_FOUND] = {"GAIA_AP01", 404,
		{"指定したアプリ（id: %s）が見つかりません。削除されている可能性があります。",
		 "The app (ID: %s) not found. The app may have been deleted."}},
	[E_APP_NOT_DEPLOYED] = {"GAIA_AP01", 404,
		{"アプリ（id: %s）はまだ運用環境に反映されていません。",
		 "The app (ID: %s) has not been deployed yet."}},
	[E_RECORD_NOT_FOUND] = {"GAIA_RE01", 404,
		{"指定したレコード（id: %s）が見つかりません。",
		 "The specified record (ID: %s) is not found."}},
	[E_FILE_NOT_FOUND] = {"GAIA_BL01", 404,
		{"指定したファイル（id: %s）が見つかりません。",
		 "The specified file (id: %s) not found."}},
	[E_COMMENT_NOT_FOUND] = {"GAIA_RE02", 400,
		{"指定したコメント（id: %s）が見つかりません。",
		 "The specified comment (ID: %s) is not found."}},
	[E_CURSOR_NOT_FOUND] = {"GAIA_CR01", 404,
		{"指定したカーソル（id: %s）が見つかりません。期限切れか、すべてのレコードを取得済みです。",
		 "The cursor (ID: %s) is not found. It expired or all of its records were read."}},
	[E_CURSOR_LIMIT] = {"GAIA_TM12", 400,
		{"作成できるカーソルの上限（%s 個）に達しています。不要なカーソルを削除してください。",
		 "The limit of %s live cursors has been reached. Delete cursors you no longer need."}},
	[E_REVISION] = {"GAIA_CO02", 409,
		{"指定した revision は最新ではありません。ほかのユーザーがレコードを更新した可能性があります。",
		 "The revision is not the latest. Someone may update a record."}},
	[E_APP_REVISION] = {"GAIA_CO02", 409,
		{"指定した revision は最新ではありません。ほかのユーザーがアプリの設定を変更した可能性があります。",
		 "The revision is not the latest. Someone may have changed the app settings."}},
	[E_LIMIT_TOO_LARGE] = {"GAIA_QU01", 400,
		{"limit には 500 以下の値を指定してください。",
		 "The limit must be 500 or less."}},
	[E_OFFSET_TOO_LARGE] = {"GAIA_QU02", 400,
		{"offset には 10,000 以下の値を指定してください。",
		 "The offset must be 10,000 or less."}},
	[E_QUERY] = {"CB_VA01", 400,
		{"入力内容が正しくありません。", "Missing or invalid input."}},
	[E_QUERY_OPERATOR] = {"GAIA_IQ03", 400,
		{"クエリのフィールド「%s」には、この演算子または関数を使用できません。",
		 "The operator or function cannot be used with the field \"%s\" in the query."}},
	[E_QUERY_FIELD] = {"GAIA_IQ11", 400,
		{"クエリで指定したフィールド（%s）が見つかりません。",
		 "The field (%s) specified in the query does not exist."}},
	[E_QUERY_DAY] = {"GAIA_IQ23", 400,
		{"クエリの関数に指定した日付（%s）が正しくありません。",
		 "The day (%s) given to a query function is not valid."}},
	[E_QUERY_UNIT] = {"GAIA_IQ25", 400,
		{"FROM_TODAY 関数の単位（%s）が正しくありません。DAYS、WEEKS、MONTHS、YEARS のいずれかを指定してください。",
		 "The unit (%s) of FROM_TODAY is not valid. Use DAYS, WEEKS, MONTHS or YEARS."}},
	[E_QUERY_ARGS] = {"GAIA_IL08", 400,
		{"クエリの関数 %s の引数の数が正しくありません。",
		 "Wrong number of arguments for the query function %s."}},
	[E_QUERY_LIMITS] = {"CB_VA01", 400,
		{"入力内容が正しくありません。", "Missing or invalid input."}},
	[E_FIELD_UNSUPPORTED] = {"CB_VA01", 400,
		{"フィールドの種類 %s はまだ使用できません。",
		 "The field type %s is not supported yet."}},
	[E_GUEST_SPACE] = {"GAIA_IL23", 400,
		{"ゲストスペースはこのサーバーでは使用できません。/k/v1/ のパスを使用してください。",
		 "Guest spaces are not available on this server. Use the /k/v1/ paths."}},
	[E_ROUTE_NOT_FOUND] = {"DC_NF01", 404,
		{"指定した API は存在しません。", "The specified API does not exist."}},
	[E_METHOD] = {"DC_MT01", 405,
		{"この API ではその HTTP メソッドは使えません（使用できるメソッド: %s）。",
		 "This API does not accept that HTTP method (allowed: %s)."}},
	[E_BUSY] = {"DC_DB01", 503,
		{"サーバーが混み合っています。しばらくしてからもう一度お試しください。",
		 "The server is busy. Try again in a moment."}},
	[E_STORAGE] = {"DC_DB02", 507,
		{"データを保存できませんでした（ディスクの空き容量や装置を確認してください）。変更は保存されていません。",
		 "The data could not be stored (check disk space and the storage device). Nothing was changed."}},
	[E_INTERNAL] = {"DC_IN01", 500,
		{"サーバー内部でエラーが発生しました。変更は保存されていません。",
		 "An internal server error occurred. Nothing was changed."}},
	[E_USER_NOT_FOUND] = {"DC_US01", 404,
		{"ユーザー（%s）が見つかりません。", "The user (%s) does not exist."}},
	[E_FILE_TOO_LARGE] = {"DC_FI01", 413,
		{"ファイルが大きすぎます。アップロードできるのは %s バイトまでです。",
		 "The file is too large. Files may be at most %s bytes."}},
	[E_TOO_MANY_REQUESTS] = {"GAIA_TO04", 429,
		{"同時に処理できるリクエストの上限を超えました。しばらくしてからもう一度お試しください。",
		 "Too many concurrent requests. Try again in a moment."}},
	[E_DL_WARNING] = {"DC_DL01", 403,
		{"大量ダウンロードの警告（久喜市 第20条）: %s。続けるには理由を添えてもう一度実行してください"
		 "（画面では理由を入力、API ではヘッダー X-Daicho-Download-Reason に 4〜500 文字の理由）。"
		 "理由は記録され、保護管理者に通知されます。",
		 "Bulk download warning (Kuki art. 20): %s. To proceed, repeat the request with a stated "
		 "reason (in the browser, enter it in the dialog; over the API, send it in the header "
		 "X-Daicho-Download-Reason, 4 to 500 characters). The reason is recorded and the "
		 "protection managers are notified."}},
	[E_DL_CAP] = {"DC_DL02", 403,
		{"大量ダウンロードの上限（久喜市 第20条）: %s。理由があってもこれ以上は読み出せません。"
		 "必要な場合は保護管理者に相談し、セキュリティ管理者に上限の見直しを依頼してください。",
		 "Bulk download limit (Kuki art. 20): %s. This cannot be read even with a reason. If you "
		 "need it, talk to your protection manager and ask the security administrator to review "
		 "the limit."}},
	[E_DL_REASON] = {"DC_DL03", 400,
		{"ダウンロードの理由（X-Daicho-Download-Reason）は 4〜500 文字で、制御文字を含まない UTF-8"
		 "（URL エンコード可）で書いてください（久喜市 第20条）。",
		 "The download reason (X-Daicho-Download-Reason) must be 4 to 500 characters of UTF-8 "
		 "(URL-encoding allowed) without control characters (Kuki art. 20)."}},
	/* hours */
	[E_HOURS_CLOSED] = {"DC_HR01", 403,
		{"勤務時間外です。我孫子市の規程（§8）により、daicho は勤務時間内か、所属長の時間外勤務命令がある時間だけ利用できます。次に利用できる時間: %s。時間外に作業が必要なときは、所属長に時間外勤務命令を出してもらってください。",
		 "Outside your working hours. Under Abiko's rules (§8) daicho may be used only during working hours or overtime ordered by your section head. Next window: %s. If you must work now, ask your section head for an overtime order."}},
	[E_HOURS_NOT_HEAD] = {"DC_HR02", 403,
		{"時間外勤務命令を出せるのは、その職員の所属長（課長）または部長だけです（我孫子市 §8）。",
		 "Only the person's section head or department head can order overtime for them (Abiko §8)."}},
	[E_HOURS_DEFAULT] = {"DC_HR03", 400,
		{"標準のカレンダーは削除できません。先に別のカレンダーを標準にしてください。",
		 "The default calendar cannot be deleted. Make another calendar the default first."}},
	[E_PASSWORD_EXPIRED] = {"DC_AC01", 403,
		{"パスワードの有効期限（養父市 第11条2項4号「定期的に変更」）が過ぎています。先にパスワードを変更してください（アカウント画面、または PUT /api/session/password.json）。",
		 "Your password has expired: passwords must be changed periodically (Yabu art. 11-2(4)). Change it first (Account page, or PUT /api/session/password.json)."}},
	[E_USE_SUSPEND] = {"DC_AC02", 400,
		{"アカウントの停止には理由が必要です（熊本市 第6条4・第18条）。reason を指定するか POST /api/admin/user/suspend.json を使ってください。",
		 "Suspending an account needs a reason (Kumamoto art. 6-4 and art. 18). Give \"reason\" or use POST /api/admin/user/suspend.json."}},
	[E_ALREADY_SUSPENDED] = {"DC_AC03", 409,
		{"このアカウントはすでにその状態です（%s）。",
		 "The account is already in that state (%s)."}},
	[E_TOTP_REQUIRED] = {"DC_AC04", 401,
		{"2要素認証（久喜市 第18条）: 認証アプリに表示される6桁のコードを入力してください。",
		 "Two-factor sign-in (Kuki art. 18): enter the 6-digit code shown by your authenticator app."}},
	[E_TOTP_ENROL] = {"DC_AC05", 403,
		{"管理の役割を持つ人は2要素認証が必須です（久喜市 第18条、ポリシー totp.admins）。先にアカウント画面で2要素認証を設定してください。",
		 "People with an administrative role must use two-factor sign-in (Kuki art. 18, policy totp.admins). Set it up on the Account page first."}},
	[E_TOTP_HEADER] = {"DC_AC06", 401,
		{"このアカウントは2要素認証を使うため、パスワードヘッダー（X-Cybozu-Authorization）だけでは利用できません（久喜市 第18条）。API トークンを使うか、画面からログインしてください。",
		 "This account uses two-factor sign-in, so the password header (X-Cybozu-Authorization) alone cannot be used (Kuki art. 18). Use an API token, or sign in."}},
	[E_TOTP_WRONG] = {"DC_AC07", 401,
		{"コードが正しくないか、すでに使われています。認証アプリに表示されている現在のコードを入力してください。",
		 "The code is wrong or was already used. Enter the current code from your authenticator app."}},
	[E_AUDIT_FILTER] = {"DC_LG01", 400,
		{"アクセス記録の検索条件（%s）が正しくありません（久喜市 第19条の記録の分析）。日付は YYYY-MM-DD、結果は ok・denied・failed のいずれかを指定してください。",
		 "The access-log search filter (%s) is not valid (Kuki 第19条, analysing access records). Give days as YYYY-MM-DD and a result of ok, denied or failed."}},
	[E_AUDIT_RANGE] = {"DC_LG02", 400,
		{"アクセス記録の分析期間が正しくありません（久喜市 第19条）。開始日を終了日より前にし、366 日以内で指定してください。",
		 "The access-log analysis period is not valid (Kuki 第19条). Give a start before the end, at most 366 days apart."}},
	/* devices */
	[E_DEVICE_REQUIRED] = {"DC_DV01", 403,
		{"この端末は登録されていません（%s）。登録された端末からだけ利用できます（我孫子市 §7、熊本市 第11–12条）。端末の登録を申請し、承認されるまでお待ちください。",
		 "This device is not registered (%s). Only registered devices may use daicho (Abiko §7, Kumamoto art. 11-12). Request registration of this device and wait for approval."}},
	[E_DEVICE_PERSONAL] = {"DC_DV02", 403,
		{"あなたの所属では私物端末を登録できません。市が貸与した端末だけを使用できます（我孫子市 §7）。市の端末から申請してください。",
		 "Your section does not allow personal devices: only city-issued devices may be used (Abiko §7). Request registration from a city-issued device."}},
	[E_API_ADDRESS] = {"DC_DV03", 403,
		{"このアドレス（%s）からはパスワードや API トークンで接続できません（接続元の制限、久喜市 第27条）。許可するアドレスの追加はセキュリティ管理者に依頼してください。",
		 "The password header and API tokens may not be used from this address (%s) (address allow-list, Kuki art. 27). Ask a security administrator to add the address to api.allow."}},
	[E_DEVICE_APPROVER] = {"DC_DV04", 403,
		{"この端末の登録を承認できるのは、セキュリティ管理者と申請者の所属長だけです。自分の端末は承認できません（熊本市 第11–12条）。",
		 "Only security administrators and the head of the requester's section may decide this device registration, and never for their own device (Kumamoto art. 11-12)."}},
	[E_REPORT_RATE] = {"DC_DV05", 429,
		{"このアドレスからの届出が多すぎます。しばらくしてからもう一度お試しいただくか、電話で情報セキュリティ担当に連絡してください。",
		 "Too many reports from this address. Try again later, or call the information security desk."}},
	[E_ORG_IN_USE] = {"DC_OR01", 409,
		{"この組織は削除できません。まだ残っているもの: %s。先に職員を異動させ、配下の課・係を削除してください。",
		 "This unit cannot be deleted while it still has: %s. Move its members and delete the sections under it first."}},
	[E_ORG_SECTION_REQUIRED] = {"DC_OR02", 400,
		{"組織（課・係）が登録されているため、職員には所属を指定してください（久喜市 第4条: 各課等の保護管理者が職員の情報の扱いを管理）。section に課・係のコードを指定してください。",
		 "Sections exist, so every person must belong to one (Kuki art. 4: each section's protection manager looks after its staff). Give \"section\" with a section code."}},
	[E_ORG_PARENT] = {"DC_OR03", 400,
		{"課・係の上位は部でなければなりません。部には上位を指定できません（%s）。",
		 "A section's parent must be a department, and a department has no parent (%s)."}},
	[E_APP_STATE] = {"DC_AP01", 403,
		{"このアプリは「%s」の状態のため、レコードを読み書きできません。登録事項の承認を受けて公開してから使えます（我孫子市 §9(3)–(5)）。",
		 "Records of this app cannot be read or written while it is %s. It can be used once its registration is approved and it is published (Abiko §9(3)-(5))."}},
	[E_APP_ENDED] = {"DC_AP02", 403,
		{"このアプリは利用終了予定日（%s）を過ぎているため、レコードを読み書きできません。終了日の変更を申請するか、利用終了の手続きをしてください（我孫子市 §9(4)）。",
		 "This app is past its planned end date (%s): its records cannot be read or written. Request a new end date or end its use (Abiko §9(4))."}},
	[E_BACKUP_NO_DIR] = {"DC_BK01", 409,
		{"バックアップの保存先が設定されていません。別のディスクやネットワーク上の場所を backup_dir に設定してください（久喜市 第31条）。",
		 "No backup directory is set. Set backup_dir to a second disk or a mounted remote location (Kuki art. 31)."}},
	[E_BACKUP_FAILED] = {"DC_BK02", 500,
		{"バックアップまたは復元テストに失敗しました: %s",
		 "The backup or restore test failed: %s"}},
	[E_BACKUP_NOT_FOUND] = {"DC_BK03", 404,
		{"バックアップ「%s」が保存先にありません。",
		 "There is no backup \"%s\" in the backup directory."}},
	[E_BACKUP_KEY] = {"DC_BK04", 500,
		{"バックアップの鍵を読めません。サーバーの記録（ログ）を確認してください。",
		 "The backup key cannot be read. See the server's log for why."}},
	/* lifecycle: the app lifecycle and its approvals (Abiko §9(3)-(5)) */
	[E_LC_INCOMPLETE] = {"DC_AL01", 400,
		{"申請には登録事項がすべて必要です（我孫子市 §9(4)(5)）。足りない事項: %s。アプリの設定の「登録」タブで入力してから申請してください。",
		 "A request needs every registration item (Abiko §9(4)(5)). Missing: %s. Fill them in on the app's Registration tab, then request again."}},
	[E_LC_NAMING] = {"DC_AL02", 400,
		{"アプリ名が命名規則に合いません: %s。アプリ名を直してから申請してください。",
		 "The app name does not follow the naming rule: %s. Rename the app, then request again."}},
	[E_LC_STATE] = {"DC_AL03", 409,
		{"アプリの状態（%s）ではこの操作はできません（我孫子市 §9(3)–(5)）。",
		 "This is not possible while the app is %s (Abiko §9(3)-(5))."}},
	[E_LC_PENDING] = {"DC_AL04", 409,
		{"このアプリには承認待ちの申請があります。承認・却下を待つか、申請を取り下げてから変更してください（我孫子市 §9(3)–(5)）。",
		 "A request for this app is waiting for approval. Wait for the decision, or withdraw the request before changing it (Abiko §9(3)-(5))."}},
	[E_LC_NOT_APPROVER] = {"DC_AL05", 403,
		{"この申請を今承認できるのは、承認経路の次の承認者だけです（所属長、所管部長、行政管理課の順。我孫子市 §9(3)–(5)）。",
		 "Only the next approver on this request's route may decide it now (section head, department head, administration section, in that order; Abiko §9(3)-(5))."}},
	[E_LC_SELF] = {"DC_AL06", 403,
		{"自分の申請は承認できません（我孫子市 §9(3)–(5)）。",
		 "You cannot approve your own request (Abiko §9(3)-(5))."}},
	[E_LC_NO_APPROVER] = {"DC_AL07", 400,
		{"承認者がいないため申請できません: %s。組織の設定（部・課の長、ポリシー apps.administration_section）をアカウント管理者に依頼してください（我孫子市 §9(3)–(5)）。",
		 "The request cannot be made because nobody can approve it: %s. Ask the account administrator to set up the organisation (heads of departments and sections, the policy apps.administration_section) (Abiko §9(3)-(5))."}},
	[E_LC_NOT_OWNER] = {"DC_AL08", 403,
		{"アプリの登録を変更・申請できるのは、アプリの所有者、保守担当者、システム管理者だけです（我孫子市 §9(1)）。",
		 "Only the app's owner, its maintainer or a system administrator may change its registration or make requests (Abiko §9(1))."}},
	/* customize: JS/CSS customisations and plugins (Abiko §10) */
	[E_CU_URL] = {"DC_CU01", 400,
		{"URL で指定するカスタマイズは使えません。コードを確認して固定できないためです（我孫子市 §10: 本番前のレビュー）。ファイルをアップロードして指定してください。",
		 "Customisations given by URL are refused: their code cannot be reviewed and pinned (Abiko §10: review before production). Upload the file instead."}},
	[E_CU_SELF_REVIEW] = {"DC_CU02", 403,
		{"自分が作成・申請したカスタマイズやプラグインは承認できません（我孫子市 §10: 作成者以外による確認）。別の管理者に承認を依頼してください。",
		 "You cannot approve a customisation or plugin you wrote or requested (Abiko §10: reviewed by someone other than the author). Ask another administrator."}},
	[E_CU_NOT_ALLOWED] = {"DC_CU03", 403,
		{"このプラグインはシステム管理者の許可リストにありません（我孫子市 §10）（%s）。プラグインの追加を申請し、承認を待ってください。",
		 "This plugin is not on the system administrator's allow-list (Abiko §10) (%s). Request the plugin and wait for its approval."}},
	[E_CU_HASH] = {"DC_CU04", 409,
		{"カスタマイズのファイルが承認された内容と一致しないため、配信を止めました（我孫子市 §10）（%s）。システム管理者に連絡してください。",
		 "The customisation file no longer matches the content that was approved, so it was not served (Abiko §10) (%s). Tell the system administrator."}},
	[E_CU_INACTIVE] = {"DC_CU05", 404,
		{"このファイルはこのアプリで有効なカスタマイズではありません（%s）。承認とアプリの更新が済んでいるか確認してください（我孫子市 §10）。",
		 "This file is not an active customisation of this app (%s). Check that it was approved and the app was deployed (Abiko §10)."}},
	[E_CU_DECIDED] = {"DC_CU06", 409,
		{"この確認はすでに決定済みです（%s）。",
		 "This review was already decided (%s)."}},
	/* export */
	[E_EX_REASON] = {"DC_EX01", 403,
		{"このアプリの情報の重要性分類はⅠです。保有個人情報の複製・送信は保護管理者の指示に従う必要があるため（久喜市 第11条）、書き出しには理由が必要です。書き出しの画面で理由を入力するか、API では X-Daicho-Reason ヘッダー（URL エンコード可）または reason パラメータで 4〜500 文字の理由を指定してください。理由は書き出しの記録に残ります。",
		 "This app is information class I. Copying or sending personal information only as the protection manager instructs (Kuki 第11条), an export needs a stated reason. Enter it in the export dialog, or over the API send the header X-Daicho-Reason (URL-encoding allowed) or the parameter \"reason\", 4 to 500 characters. The reason is kept with the export's record."}},
	[E_EX_NOT_RELEASED] = {"DC_EX02", 403,
		{"この書き出しはまだ渡せません（%s）。個人情報の書き出しは、申請者以外の職員が確認・承認してから一度だけダウンロードできます（久喜市 第14条）。承認を待つか、期限切れや却下の場合はもう一度書き出しを申請してください。",
		 "This export cannot be released (%s). Exports of personal data are released only after someone other than the requester checked and approved them, for one download (Kuki 第14条). Wait for the approval, or request the export again if it expired or was refused."}},
	[E_EX_APPROVER] = {"DC_EX03", 403,
		{"この書き出しを承認できません。誤送付を防ぐため、申請者本人ではなく、所属長・部長・所属の保護管理者、またはこのアプリの書き出し権限を持つ別の職員が確認します（久喜市 第14条）。",
		 "You cannot decide this export. To prevent mis-sending, it is checked by someone other than the requester: their section or department head, their section's protection manager, or another person with the export right on the app (Kuki 第14条)."}},
	[E_EX_DECIDED] = {"DC_EX04", 409,
		{"この書き出しはすでに処理されています（%s）。",
		 "This export was already decided (%s)."}},
	/* incidents (Kuki 第39–41条) and comments (Abiko §11) */
	[E_INCIDENT_NOT_FOUND] = {"DC_IN11", 404,
		{"事案（ID: %s）が見つからないか、閲覧できません。事案を見られるのは、報告者、その所属の保護管理者、総括保護管理者、セキュリティ管理者と監査責任者です。",
		 "The incident (id: %s) does not exist or is not yours to see. Incidents are seen by their reporter, the section's protection managers, the chief protection managers, security administrators and auditors."}},
	[E_INCIDENT_HANDLER] = {"DC_IN12", 403,
		{"事案の対応（経過の記録、報告の上申、状況の変更）ができるのは、その課の保護管理者、総括保護管理者とセキュリティ管理者です（久喜市 第39条）。市長への報告は総括保護管理者が行います（第39条4）。",
		 "Only the section's protection managers, the chief protection managers and security administrators handle an incident (Kuki 第39条); the report to the mayor's office is the chief protection manager's (第39条4)."}},
	[E_INCIDENT_STEP] = {"DC_IN13", 409,
		{"事案の状況は 受付 → 被害拡大防止 → 再発防止 → 完了 の順に一段ずつ進めます（%s はできません）。",
		 "An incident moves one step at a time: open -> contained -> recurrence_prevention -> closed (%s is not allowed)."}},
	[E_INCIDENT_MISSING] = {"DC_IN14", 409,
		{"この段階に進むには、先に経過に「%s」を記録してください（久喜市 第39条2・5: 被害拡大防止の措置、原因の分析と再発防止の措置）。",
		 "Record a \"%s\" entry in the timeline first (Kuki 第39条2, 5: containment, the cause analysed and recurrence prevention)."}},
	[E_INCIDENT_ESCALATE] = {"DC_IN15", 409,
		{"報告を上げられません: %s",
		 "The incident cannot be escalated: %s"}},
	[E_INCIDENT_CLOSED] = {"DC_IN16", 409,
		{"この事案は完了しています。経過は追記できません。",
		 "This incident is closed: its timeline takes no more entries."}},
	[E_COMMENTS_OFF] = {"DC_CM01", 403,
		{"このアプリではコメント機能が無効になっています（我孫子市 §11: コメントは業務上必要な範囲で）。コメントが必要な場合はアプリの管理者に相談してください。",
		 "Comments are switched off in this app (Abiko §11: comments only where the work needs them). Ask the app's manager if the work needs comments."}},
	[E_COMMENT_HISTORY] = {"DC_CM02", 403,
		{"削除されたコメントの履歴を見られるのは、アプリの管理権限を持つ人と監査責任者だけです（我孫子市 §11）。",
		 "Deleted comments are kept for the app's managers and auditors only (Abiko §11)."}},
	/* ledger */
	[E_LEDGER_FILTER] = {"DC_LG11", 400,
		{"台帳の絞り込み条件（%s）が正しくありません（久喜市 第16条の台帳）。class は分類の番号、state はアプリの状態、mark は idle・expired・handover のいずれかを指定してください。",
		 "The ledger filter (%s) is not valid (Kuki 第16条, the ledger). Give class as a class number, state as an app state, and mark as idle, expired or handover."}},
	[E_HANDOVER_APPROVER] = {"DC_LG12", 403,
		{"このアプリの引継ぎ先を決められるのは、前任者が所属していた課の所属長・部長、システム管理者、アカウント管理者だけです（我孫子市 §9(2)）。所属長に依頼してください。",
		 "Only the head of the section (or department) the previous owner belonged to, a system administrator or an account administrator may choose who takes this app over (Abiko §9(2)). Ask the section head."}},
	[E_HANDOVER_TO] = {"DC_LG13", 400,
		{"この引継ぎはできません（%s）。引継ぎ先は、前任者以外の有効なアカウントにしてください（我孫子市 §9(2): 適切に管理ができる者へ引き継ぐ）。",
		 "This hand-over cannot be made (%s). Hand the app over to an active account other than the previous one (Abiko §9(2): hand over to someone who can manage it)."}},
	/* mynumber */
	[E_MYNUMBER] = {"DC_MN01", 400,
		{"%sに個人番号（マイナンバー）とみられる番号があるため、保存できません。特定個人情報は、承認を受けたアプリ以外では扱えません（我孫子市 §5(2)）。番号を削除してから保存してください。業務で個人番号を扱う必要があるときは、アプリの登録で特定個人情報の承認を受けてください。",
		 "%s holds what looks like an individual number (My Number), so nothing was saved. Specific personal information may only be kept in apps approved for it (Abiko §5(2)). Remove the number and save again; if your work needs individual numbers, have the app approved for specific personal information."}},
	[E_MYNUMBER_CONFIRM] = {"DC_MN02", 400,
		{"%sに個人番号（マイナンバー）かもしれない 12 桁の番号があります。特定個人情報は承認を受けたアプリ以外では扱えません（我孫子市 §5(2)）。個人番号でないことを確かめてから、もう一度保存してください（画面では確認の操作、API ではヘッダー X-Daicho-Confirm: mynumber）。確認したことは記録されます。",
		 "%s holds a 12-digit number that may be an individual number (My Number). Specific personal information may only be kept in apps approved for it (Abiko §5(2)). Make sure it is not an individual number, then save again (confirm in the dialog, or send the header X-Daicho-Confirm: mynumber over the API). The confirmation is recorded."}},
	/* crypto */
	[E_CRYPTO_KEYS] = {"DC_CE01", 500,
		{"クラスⅠのデータを暗号化する鍵を作成または読み込みできません（%s）（久喜市 第25条: 暗号化）。データは変更されていません。システム管理者に鍵ディレクトリ（keys_dir）の状態を確認するよう依頼してください。",
		 "The key that encrypts this class I data cannot be made or read (%s) (Kuki art. 25: encryption). Nothing was changed. Ask the system administrator to check the key directory (keys_dir)."}},
	[E_CRYPTO_OPEN] = {"DC_CE02", 409,
		{"暗号化されたクラスⅠのデータを復号できません。鍵が消去されています（久喜市 第15条: 復元できない消去）。消去されたデータは戻せません。必要ならバックアップからの復元をシステム管理者に相談してください。",
		 "Encrypted class I data cannot be decrypted: its key was destroyed (Kuki art. 15: erasure beyond recovery). Erased data cannot come back; ask the system administrator about restoring a backup if it is needed."}},
};

static const char *const fmsgs[FM__COUNT][2] = {
	[FM_REQUIRED] = {"必須です。", "Required."},
	[FM_REQUIRED_PARAM] = {"必須です。", "Required field."},
	[FM_UNIQUE] = {"値がほかのレコードと重複しています。", "This value already exists in another record."},
	[FM_MAX_LENGTH] = {"%s文字より短くなければなりません。", "Enter less than %s characters."},
	[FM_MIN_LENGTH] = {"%s文字より長くなければなりません。", "Enter more than %s characters."},
	[FM_MAX_VALUE] = {"%s以下である必要があります。", "The value must be %s or less."},
	[FM_MIN_VALUE] = {"%s以上である必要があります。", "The value must be %s or more."},
	[FM_NUMBER] = {"数字でなければなりません。", "Only numbers are allowed."},
	[FM_NOT_OPTION] = {"\"%s\"は選択肢にありません。", "The value, \"%s\", is not in options."},
	[FM_DATE] = {"日付の形式が正しくありません（例: 2024-04-01）。", "Enter a date such as 2024-04-01."},
	[FM_TIME] = {"時刻の形式が正しくありません（例: 09:30）。", "Enter a time such as 09:30."},
	[FM_DATETIME] = {"日時の形式が正しくありません（例: 2024-04-01T09:30:00Z）。",
			 "Enter a date and time such as 2024-04-01T09:30:00Z."},
	[FM_TYPE] = {"値の型が正しくありません（%s を指定してください）。", "Wrong type of value (expected %s)."},
	[FM_INTEGER] = {"整数を指定してください。", "Enter an integer."},
	[FM_MIN_1] = {"1以上の値を指定してください。", "must be greater than or equal to 1"},
	[FM_ENUM] = {"指定できない値です。", "must be one of the enum value"},
	[FM_MAX_ADD] = {"一度に追加できるレコードは100件までです。", "A maximum of 100 records can be added at one time."},
	[FM_MAX_UPDATE] = {"一度に更新できるレコードは100件までです。", "A maximum of 100 records can be updated at one time."},
	[FM_MAX_DELETE] = {"一度に削除できるレコードは1件以上100件以下です。", "Between 1 and 100 records can be deleted at one time."},
	[FM_USER_UNKNOWN] = {"ユーザー（%s）が見つかりません。", "The user (%s) does not exist."},
	[FM_FILE_UNKNOWN] = {"ファイル（%s）が見つかりません。アップロードし直してください。",
			     "The file (%s) does not exist. Upload it again."},
	[FM_QUERY] = {"クエリ記法が間違っています（位置 %s）。", "The query syntax is wrong (at byte %s)."},
	[FM_TEXT] = {"%s", "%s"},
	[FM_DIGITS] = {"数字でなければなりません。", "Only numbers are allowed."},
	[FM_LINK] = {"リンクの形式が正しくありません。", "The link is not valid for this field."},
	[FM_ID_AND_KEY] = {"id と updateKey は同時に指定できません。", "Specify either id or updateKey, not both."},
	[FM_KEY_FIELD] = {"フィールド「%s」は値の重複を禁止していないため、updateKey に使えません。",
			  "The field \"%s\" does not prohibit duplicate values, so it cannot be an updateKey."},
	[FM_FUTURE] = {"未来の日時は指定できません。", "A time in the future is not allowed."},
	[FM_TOO_MANY] = {"%s個以下で指定してください。", "Specify at most %s items."},
	[FM_TOO_LONG] = {"%s文字以下で指定してください。", "Enter at most %s characters."},
	[FM_INVALID] = {"値が正しくありません。", "The value is not valid."},
	[FM_DUPLICATE] = {"\"%s\"が重複しています。", "\"%s\" is duplicated."},
	[FM_UNSUPPORTED] = {"%sはまだ使用できません。", "%s is not supported yet."},
	[FM_UNIQUE_EXISTING] = {"既存のレコードに同じ値があるため、値の重複を禁止できません。先に値を重ならないようにしてください。",
				"Existing records share values for this field; make them distinct before prohibiting duplicates."},
	[FM_PASSWORD_SHORT] = {"パスワードは8文字以上にしてください（12文字以上を勧めます）。",
			       "Use at least 8 characters (12 or more recommended)."},
	[FM_PASSWORD_COMMON] = {"ログイン名やよく使われるパスワードは使えません。",
				"The login name or a commonly used password cannot be used."},
	[FM_PASSWORD_WRONG] = {"現在のパスワードが正しくありません。", "The current password is not correct."},
	[FM_CODE] = {"ログイン名に使えるのは半角英数字と . _ @ - で、128文字までです。",
		     "Login names use letters, digits and . _ @ - (up to 128 characters)."},
	[FM_QUERY_LIMITS] = {"クエリが長すぎるか複雑すぎます（位置 %s）。",
			     "The query is too long or too complex (at byte %s)."},
	[FM_ROLES_CONFLICT] = {"管理者権限の最小化（久喜市 第21条）により、この役割の組み合わせ（%s）は同じ人に与えられません。",
			       "Least administrator privilege (Kuki art. 21) does not allow one person to hold %s."},
	[FM_PASSWORD_CLASSES] = {"パスワードには英大文字・英小文字・数字・記号のうち3種類以上を混ぜてください（養父市 第11条2項3号、municipal 規則）。",
				 "Mix at least three of upper-case letters, lower-case letters, digits and symbols (Yabu art. 11-2(3), municipal rule)."},
	[FM_PASSWORD_REUSED] = {"直近%s回に使ったパスワードは再利用できません（養父市 第11条2項4号）。",
				"You cannot reuse any of your last %s passwords (Yabu art. 11-2(4))."},
	[FM_TOTP_ON] = {"2要素認証はすでに有効です。設定し直すには先に無効にしてください。",
			"Two-factor sign-in is already on. Turn it off first to set it up again."},
	[FM_TOTP_OFF] = {"2要素認証は有効になっていません。", "Two-factor sign-in is not on."},
	[FM_TOTP_NOT_STARTED] = {"先に2要素認証の設定を始めてください（秘密鍵の発行）。",
				 "Start setting up two-factor sign-in first (a secret is issued)."},
	[FM_MYNUMBER] = {"個人番号（マイナンバー）とみられる番号は保存できません（我孫子市 §5(2) 特定個人情報）。",
			 "Individual numbers (My Number) cannot be saved here (Abiko §5(2), specific personal information)."},
	[FM_MYNUMBER_CONFIRM] = {"個人番号（マイナンバー）かもしれない番号があります。個人番号でないことを確かめてから保存してください（我孫子市 §5(2)）。",
				 "This may be an individual number (My Number). Make sure it is not one before saving (Abiko §5(2))."},
	[FM_MYNUMBER_FILE] = {"ファイル「%s」の内容に個人番号（マイナンバー）とみられる番号があります（我孫子市 §5(2) 特定個人情報）。",
			      "The file \"%s\" contains what looks like an individual number (My Number) (Abiko §5(2), specific personal information)."},
	[FM_MYNUMBER_FILE_NAME] = {"ファイル名に個人番号（マイナンバー）とみられる番号があります（我孫子市 §5(2) 特定個人情報）。",
				   "A file name contains what looks like an individual number (My Number) (Abiko §5(2), specific personal information)."},
};

void err_init(struct err *e, struct arena *a)
{
	memset(e, 0, sizeof *e);
	e->pos = -1;
	e->arena = a;
}

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	e->code = code;
	e->arg[0] = '\0';
	if (fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->arg, sizeof e->arg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int err_field(struct err *e, const char *key, enum fmsg msg, const char *arg)
{
	if (e->code == E_OK)
		e->code = E_INPUT;
	if (e->arena == NULL)
		return -1;
	if (e->n_fields == e->cap_fields) {
		size_t cap = e->cap_fields ? e->cap_fields * 2 : 8;
		e->fields = arena_grow(e->arena, e->fields, e->n_fields, cap, sizeof *e->fields);
		e->cap_fields = cap;
	}
	struct field_err *f = &e->fields[e->n_fields++];
	f->key = arena_strdup(e->arena, key);
	f->msg = msg;
	f->arg = arg ? arena_strdup(e->arena, arg) : NULL;
	return -1;
}

const struct err_info *err_table(enum err_code code)
{
	if ((int)code < 0 || code >= E__COUNT || table[code].kcode == NULL)
		return &table[E_INTERNAL];
	return &table[code];
}

const char *err_fmsg(enum fmsg m, enum lang lang)
{
	if ((int)m < 0 || m >= FM__COUNT || fmsgs[m][0] == NULL)
		return fmsgs[FM_INVALID][lang];
	return fmsgs[m][lang];
}

bool err_is(const struct err *e)
{
	return e->code != E_OK;
}
