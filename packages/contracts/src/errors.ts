/**
 * The catalogue of stable error codes. Each code keeps its HTTP status and its zh-CN / en title;
 * the server renders RFC 9457 problem+json from it and the web client can show the same text.
 * Codes are part of the API contract: never rename one, add new ones instead.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, zh: '提交的内容有误，请检查标出的字段', en: 'The request has invalid fields' },
  MALFORMED_REQUEST: { status: 400, zh: '请求格式错误', en: 'Malformed request' },
  MALFORMED_BODY: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired, please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-in attempts, please try again later',
  },
  TOTP_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter the code from your authenticator app' },
  TOTP_INVALID: { status: 401, zh: '动态验证码错误', en: 'The authenticator code is wrong' },
  TOTP_CODE_WRONG: { status: 422, zh: '动态验证码不正确，请输入验证器当前显示的 6 位数字', en: 'That code is wrong; enter the 6 digits your authenticator shows now' },
  TOTP_ALREADY_ENROLLED: { status: 409, zh: '已绑定动态验证码', en: 'Two-factor authentication is already set up' },
  TOTP_ENROLMENT_NOT_STARTED: {
    status: 409,
    zh: '请先开始绑定动态验证码',
    en: 'Start two-factor enrolment first',
  },
  TOTP_REQUIRED_BY_ROLE: {
    status: 409,
    zh: '您的角色要求启用双因素认证，不能关闭',
    en: 'Your role requires two-factor authentication; it cannot be turned off',
  },
  MFA_ENROLMENT_REQUIRED: {
    status: 403,
    zh: '请先完成双因素认证绑定',
    en: 'Set up two-factor authentication first',
  },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '密码已过期或需要修改，请先修改密码', en: 'Change your password first' },
  PASSWORD_POLICY: { status: 400, zh: '密码不符合安全要求', en: 'The password does not meet the policy' },
  CURRENT_PASSWORD_WRONG: { status: 400, zh: '当前密码错误', en: 'The current password is wrong' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '请求校验失败，请刷新页面后重试', en: 'Missing or wrong CSRF token; reload and retry' },
  FORBIDDEN: { status: 403, zh: '没有执行此操作的权限', en: 'You do not have permission to do this' },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, please slow down' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record changed meanwhile; reload and retry' },
  ORG_PARENT_INVALID: {
    status: 422,
    zh: '上级单位类型不允许挂接此类单位',
    en: 'A unit of this kind cannot sit under that parent',
  },
  ORG_MOVE_CYCLE: { status: 422, zh: '不能把单位移动到它自己或其下级之下', en: 'A unit cannot move under itself or its descendants' },
  ORG_HAS_ACTIVE_CHILDREN: {
    status: 409,
    zh: '该单位还有正常状态的下级单位，请先停用下级单位',
    en: 'Deactivate the active sub-units first',
  },
  ORG_IN_USE: { status: 409, zh: '该单位已被引用，只能停用，不能删除', en: 'The unit is referenced; deactivate it instead' },
  ORG_INACTIVE: { status: 409, zh: '该单位已停用', en: 'The unit is deactivated' },
  ORG_PARENT_INACTIVE: { status: 409, zh: '上级单位已停用', en: 'The parent unit is deactivated' },
  ORG_ROOT_EXISTS: { status: 409, zh: '市总工会已存在，只能有一个', en: 'There is already a city federation' },
  CREDIT_CODE_TAKEN: { status: 409, zh: '该统一社会信用代码已被其他单位使用', en: 'Another unit already uses this credit code' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The username is taken' },
  USER_SELF_FORBIDDEN: { status: 409, zh: '不能对自己的账号执行此操作', en: 'You cannot do this to your own account' },
  ROLE_CODE_TAKEN: { status: 409, zh: '角色编码已存在', en: 'The role code is taken' },
  ROLE_BUILTIN_READONLY: { status: 409, zh: '内置角色不能修改或删除', en: 'Built-in roles cannot be changed' },
  ROLE_IN_USE: { status: 409, zh: '还有账号使用该角色，不能删除', en: 'Accounts still hold this role' },
  ROLE_GRANT_FORBIDDEN: {
    status: 403,
    zh: '不能授予超出本人权限范围的角色或权限',
    en: 'You cannot grant permissions beyond your own',
  },
  ROLE_DUTY_CONFLICT: {
    status: 422,
    zh: '三员分立：审计权限不能与任何维护、授权权限授予同一账号',
    en: 'Separation of duties: audit access cannot be combined with any write or grant permission',
  },
  MEMBER_ALREADY_ACTIVE: {
    status: 409,
    zh: '此人已是在册会员，不能重复登记',
    en: 'This person is already an active member',
  },
  MEMBER_ORG_INVALID: {
    status: 422,
    zh: '会员只能登记在基层工会；单位尚未建会的，登记在镇/街道总工会',
    en: 'Members belong to a grassroots union, or to a street federation when the employer has none',
  },
  MEMBER_NOT_ACTIVE: { status: 409, zh: '该会员不在册', en: 'The member is not active' },
  MEMBER_STATUS_INVALID: {
    status: 422,
    zh: '会员状态不能这样变更；在本市工会之间调动请办理转会',
    en: 'That status change is not allowed; moves between unions go through a transfer',
  },
  TRANSFER_OPEN: { status: 409, zh: '该会员已有一笔待处理的转会', en: 'The member already has a pending transfer' },
  TRANSFER_SAME_UNION: { status: 422, zh: '转入单位与现所在单位相同', en: 'The member already belongs to that union' },
  TRANSFER_WRONG_SIDE: {
    status: 403,
    zh: '只有转入单位可以接收或退回转会，只有发起方可以撤回',
    en: 'Only the receiving union accepts or rejects; only the side that started it withdraws it',
  },
  TRANSFER_NOT_PENDING: { status: 409, zh: '该转会已处理', en: 'The transfer is no longer pending' },
  OTP_INVALID: { status: 422, zh: '验证码错误或已失效，请重新获取', en: 'The code is wrong or has expired; request a new one' },
  OTP_ATTEMPTS_EXCEEDED: { status: 429, zh: '验证码输错次数过多，请重新获取', en: 'Too many wrong codes; request a new one' },
  OTP_TOO_SOON: { status: 429, zh: '验证码发送过于频繁，请稍后再试', en: 'A code was sent a moment ago; wait before asking again' },
  OTP_DAILY_LIMIT: { status: 429, zh: '该手机号今日获取验证码的次数已达上限，请明天再试', en: 'This number has had all the codes allowed today; try tomorrow' },
  MEMBER_LOGIN_FAILED: { status: 401, zh: '手机号或密码错误', en: 'Wrong mobile number or password' },
  JOIN_APPLICATION_PENDING: { status: 409, zh: '已有一份待审批的入会申请，请勿重复提交', en: 'An application for this person is already awaiting a decision' },
  JOIN_APPLICATION_NOT_PENDING: { status: 409, zh: '该入会申请已处理', en: 'The application has already been decided' },
  IMPORT_FILE_MISSING: { status: 400, zh: '请选择要上传的文件', en: 'Attach the spreadsheet in the form field "file"' },
  IMPORT_FILE_TYPE: { status: 415, zh: '只能上传 .xlsx 文件或 UTF-8 编码的 .csv 文件', en: 'Upload an .xlsx file or a UTF-8 .csv file' },
  IMPORT_FILE_TOO_LARGE: { status: 413, zh: '文件不能超过 60 MB，请拆分后分批导入', en: 'The file is larger than 60 MB; split it into several imports' },
  IMPORT_FILE_UNREADABLE: { status: 400, zh: '文件无法读取，请用下载的模板填写后上传', en: 'The file cannot be read; fill in the downloaded template' },
  IMPORT_CSV_ENCODING: { status: 400, zh: 'CSV 文件不是 UTF-8 编码，请另存为“CSV UTF-8”后上传', en: 'The CSV file is not UTF-8; save it as "CSV UTF-8" and upload again' },
  IMPORT_COLUMNS_MISSING: { status: 400, zh: '表头缺少必填的列，请使用下载的模板', en: 'Required columns are missing from the header row; use the template' },
  IMPORT_EMPTY: { status: 400, zh: '文件中没有数据行', en: 'The file has no data rows' },
  IMPORT_TOO_MANY_ROWS: { status: 413, zh: '一次最多导入 200,000 行，请拆分后分批导入', en: 'At most 200,000 rows per import; split the file' },
  IMPORT_HAS_ERRORS: {
    status: 422,
    zh: '还有出错的行，不能全部导入；请修正后重新上传，或选择只导入正确的行',
    en: 'Some rows have errors; fix them and upload again, or import only the valid rows',
  },
  IMPORT_NO_VALID_ROWS: { status: 422, zh: '没有可以导入的行', en: 'No row can be imported' },
  IMPORT_ALREADY_COMMITTED: { status: 409, zh: '该批次已经导入，不能重复提交', en: 'This import has already been committed' },
  EXPORT_NOT_READY: { status: 409, zh: '导出文件还在生成中，请稍候', en: 'The export is still being written' },
  EXPORT_FAILED: { status: 409, zh: '导出失败，请重新导出', en: 'The export failed; start it again' },
  EXPORT_TOO_MANY_ROWS: { status: 422, zh: '一次最多导出 1,000,000 行，请缩小筛选范围', en: 'At most 1,000,000 rows per export; narrow the filter' },
  EXPORT_BUSY: { status: 429, zh: '您已有导出正在进行，请等它完成后再导出', en: 'Your earlier exports are still running; wait for them to finish' },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '资金类操作须带 Idempotency-Key 请求头（8–100 位字母、数字或 _.:-）',
    en: 'Money writes need an Idempotency-Key header (8–100 letters, digits or _.:-)',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该 Idempotency-Key 已用于另一笔不同的请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  LOAN_TRANSITION_INVALID: { status: 409, zh: '贷款当前状态下不能执行此操作', en: 'The loan cannot do this in its current state' },
  LOAN_WRONG_PARTY: { status: 403, zh: '当前环节不由您所在单位办理', en: 'Your unit does not handle the current step' },
  LOAN_NOT_ELIGIBLE: { status: 422, zh: '不符合贷款申请条件', en: 'The application does not meet the product’s conditions' },
  LOAN_MAKER_CHECKER: { status: 409, zh: '登记人与复核人不能是同一人', en: 'The maker and the checker must be different people' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请联系管理员并提供请求编号', en: 'Internal error; quote the request id' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** Messages for field-level checks that zod cannot phrase itself (refinements name a key from here). */
export const fieldMessages = {
  'uscc.invalid': { zh: '统一社会信用代码格式或校验位错误', en: 'Invalid unified social credit code (format or check digit)' },
  'uscc.grassroots81': { zh: '基层工会的统一社会信用代码应以 81 开头', en: "A grassroots union's credit code starts with 81" },
  'division.invalid': { zh: '行政区划代码应为 6 位数字', en: 'The division code has 6 digits' },
  'password.length': { zh: '密码长度不足', en: 'The password is too short' },
  'password.classes': {
    zh: '密码需包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Use at least three of: upper case, lower case, digits, symbols',
  },
  'password.username': { zh: '密码不能与用户名相同', en: 'The password must differ from the username' },
  'password.same': { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  'username.format': {
    zh: '用户名为 3–32 位字母、数字、点、下划线或短横线，以字母开头',
    en: 'Username: 3–32 letters, digits, dot, underscore or dash, starting with a letter',
  },
  'phone.invalid': { zh: '手机号格式错误', en: 'Invalid mobile number' },
  'scope.unitsRequired': { zh: '“指定单位”范围需至少选择一个单位', en: 'Choose at least one unit for this scope' },
  'permission.unknown': { zh: '未知的权限', en: 'Unknown permission' },
  'id.format': { zh: '证件号码格式错误', en: 'The document number has the wrong format' },
  'id.checksum': { zh: '身份证号码校验位错误', en: 'The ID number check digit is wrong' },
  'id.birthDate': { zh: '身份证号码中的出生日期无效', en: 'The birth date inside the ID number is invalid' },
  'id.area': { zh: '证件号码的地区码与证件类型不符', en: 'The area code does not fit the document type' },
  'id.factsMismatch': { zh: '出生日期或性别与身份证号码不一致', en: 'Birth date or gender disagrees with the ID number' },
  'id.factsRequired': { zh: '此类证件需填写性别和出生日期', en: 'This document type needs gender and birth date' },
  'date.format': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  'transfer.whoRequired': { zh: '请指定会员，或填写其证件号码和姓名', en: 'Name the member, or give ID number and name' },
  'date.range': { zh: '开始时间不能晚于结束时间', en: 'The start must not be after the end' },
  'password.letterDigit': { zh: '密码需同时包含字母和数字', en: 'Use both letters and digits' },
  'otp.format': { zh: '验证码为 6 位数字', en: 'The code has 6 digits' },
} as const;

export type FieldMessageKey = keyof typeof fieldMessages;

export type Lang = 'zh-CN' | 'en';

export function errorTitle(code: ErrorCode, lang: Lang): string {
  const entry = errorCatalog[code];
  return lang === 'en' ? entry.en : entry.zh;
}
