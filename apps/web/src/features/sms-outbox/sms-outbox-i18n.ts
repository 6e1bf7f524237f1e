/** 短信发件箱 (demo mode only) in both languages. */
export const smsOutboxI18n = {
  'zh-CN': {
    smsOutbox: {
      menu: '短信发件箱',
      title: '短信发件箱（演示环境）',
      intro: '演示环境不真正发送短信，系统发出的验证码和通知保存在这里，便于演示。每次查看都会记入审计日志。',
      phone: '接收号码',
      template: '模板',
      body: '短信内容',
      createdAt: '发送时间',
      demoOnly: '短信发件箱仅在演示环境中可用',
      demoOnlyText: '生产环境的短信由短信服务商发送，系统不保存可读的短信内容。',
      templates: {
        otp_join: '入会验证码',
        otp_first_login: '首次登录验证码',
        otp_reset: '找回密码验证码',
        join_approved: '入会通过通知',
        join_rejected: '入会驳回通知',
      },
    },
  },
  en: {
    smsOutbox: {
      menu: 'SMS outbox',
      title: 'SMS outbox (demo)',
      intro: 'In demo mode no SMS leaves the server: codes and notices sent by the platform are kept here for demonstrations. Every look is audited.',
      phone: 'To',
      template: 'Template',
      body: 'Text',
      createdAt: 'Sent',
      demoOnly: 'The SMS outbox exists only in demo mode',
      demoOnlyText: 'In production an SMS gateway sends the messages and the platform keeps no readable copy.',
      templates: {
        otp_join: 'Joining code',
        otp_first_login: 'First sign-in code',
        otp_reset: 'Password reset code',
        join_approved: 'Application approved',
        join_rejected: 'Application rejected',
      },
    },
  },
};
