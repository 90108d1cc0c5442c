/** The privacy guide shown before anything personal is stored (RULES §15). Bump the version on change. */
export const PRIVACY_GUIDE = {
  version: '2026-11',
  title: '用户隐私保护指引',
  text: [
    '为向您提供购物、订单、售后、会员与营销活动服务，我们会在您同意后处理以下信息：',
    '1. 微信身份标识（openid/unionid）：用于登录和识别您的账户；',
    '2. 手机号：仅在您点击“获取手机号”按钮授权后获取，用于订单通知与售后联系；',
    '3. 收货地址：仅在下单时由您填写，用于配送；',
    '4. 订单与浏览记录：用于订单服务与个性化推荐，您可在“我的-隐私设置”中关闭个性化推荐；',
    '5. 网络信息（IP 地址）：用于防刷与账户安全。',
    '您可以随时导出您的数据或注销账户；注销后我们会匿名化您的个人信息，仅保留法律要求保存的订单与账务记录。',
  ].join('\n'),
};
