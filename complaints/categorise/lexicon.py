"""The words and phrases that show each conduct category, in Chinese and English, with their weight.

Weights: 3 names the conduct outright ("爆通讯录", "identity theft"); 2 shows it in most narratives that say it;
1 only leans towards it. A category is suggested when its weight adds up (see `categorise`). Each group has the
reason a person reads beside the highlighted words. Phrases that already hold a negation ("没借过", "never
opened") are the conduct itself, so the negation rule does not apply to them (`negatable=False`).
"""

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..choices import Category as C
from .numbers import HAN

# People other than the borrower. Chinese kinship terms are matched as written; English ones after "my"/"our".
RELATIONS_ZH = (
    "父母|爸妈|爸爸|妈妈|我爸|我妈|老爸|老妈|父亲|母亲|家父|家母|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|丈人|"
    "丈母娘|老丈人|老公|丈夫|妻子|老婆|爱人|媳妇|对象|男朋友|女朋友|未婚妻|未婚夫|儿子|女儿|孩子|哥哥|姐姐|弟弟|妹妹|兄弟|"
    "姐妹|嫂子|弟媳|姐夫|妹夫|小姨子|小舅子|大舅子|大姨子|连襟|妯娌|姑姑|姑妈|姑父|舅舅|舅妈|叔叔|婶婶|伯伯|伯父|伯母|姨妈|"
    "姨夫|小姨|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|侄子|侄女|外甥|外甥女|亲戚|亲属|亲人|家人|家里人|家属|邻居|房东|室友|"
    "舍友|同事|同学|老同学|班主任|老师|辅导员|导师|领导|上司|主管|经理|老板|人事|HR|单位|前台|朋友|好友|闺蜜|发小|男友|女友|"
    "前男友|前女友|前夫|前妻|"
    "村委会|村干部|居委会|物业|紧急联系人"
)
RELATIONS_EN = (  # longer words first: "brother-in-law" before "brother"
    r"mother|mom|mum|father|dad|parents?|grand(?:mother|father|ma|pa|parents?)|wife|husband|spouse|fianc[ée]e?|"
    r"girlfriend|boyfriend|partner|son|daughter|child(?:ren)?|kids?|brother-in-law|sister-in-law|mother-in-law|"
    r"father-in-law|in-laws|brother|sister|siblings?|aunt|uncle|cousins?|niece|nephew|relatives?|family|"
    r"neighbou?rs?|landlord|roommates?|co-?workers?|colleagues?|boss|manager|supervisor|employer|HR|"
    r"human resources|job|work|workplace|office|friends?|classmates?|teacher|pastor|references?"
)
CONTACT_VERB_ZH = (
    r"打电话给|打给|打到|打去|打了|打电话|联系|找到?|骚扰|发短信给|发短信|发信息|发消息|发微信|告诉|通知|上门|跑到|跑去|催到|爆"
)
CONTACT_VERB_EN = (
    r"call(?:ed|ing|s)?|contact(?:ed|ing|s)?|text(?:ed|ing|s)?|messag(?:ed|ing|es)|e-?mail(?:ed|ing)?|"
    r"reach(?:ed)?\s+out\s+to|spoke\s+(?:to|with)|spoken\s+(?:to|with)|talk(?:ed)?\s+to|told|tell(?:ing)?|"
    r"harass(?:ed|ing)?|visit(?:ed|ing)?|went\s+to|showed\s+up\s+at|notif(?:y|ied)|disclos(?:ed|ing)|left\s+messages?\s+(?:for|with)"
)


@dataclass
class Cue:
    """Phrases showing one category, with their weight and the reason shown beside them."""

    code: str
    weight: int
    reason: Promise
    phrases: list[str]
    negatable: bool = True
    chinese: re.Pattern | None = field(init=False)
    english: re.Pattern | None = field(init=False)

    def __post_init__(self):
        # Chinese and English phrases apart, so a text in one language is not searched for the other's.
        def compiled(phrases: list[str]) -> re.Pattern | None:
            return re.compile("|".join(f"(?:{phrase})" for phrase in phrases), re.IGNORECASE) if phrases else None

        self.chinese = compiled([phrase for phrase in self.phrases if HAN.search(phrase)])
        self.english = compiled([phrase for phrase in self.phrases if not HAN.search(phrase)])

    def patterns(self, *, chinese: bool, english: bool) -> list[re.Pattern]:
        return [pattern for pattern, wanted in ((self.chinese, chinese), (self.english, english)) if pattern and wanted]


CUES = [
    # Contact-list blasting.
    Cue(C.CONTACT_BLASTING, 3, _("names the borrower's contact list being contacted"), [
        r"爆通讯录|爆了?我的?通讯录|通讯录(?:里|上|中)?的?(?:人|朋友|联系人|好友)|通讯录|爆通|手机联系人|所有联系人|联系人列表|"
        r"群发|挨个打|一个个打|逐个打|(?:我的)?联系人[^，。,.;；！？!?]{0,8}(?:接到|收到|都被|一个个)",
        r"(?:everyone|everybody|all(?:\s+of)?(?:\s+the\s+people)?|every\s+(?:person|number|one))\s+(?:in|on|from)\s+my\s+"
        r"(?:contacts?|phone|contact\s+list|address\s+book|phone\s*book)",
        r"\bmy\s+(?:contact\s+list|contacts\s+list|phone\s*book|address\s+book|phone\s+contacts)\b",
        r"\ball\s+(?:of\s+)?my\s+(?:contacts|references)\b",
    ]),
    # Third parties: a relation next to a contact verb, in the same clause.
    Cue(C.THIRD_PARTY_HARASSMENT, 3, _("a third party was contacted"), [
        rf"(?:{CONTACT_VERB_ZH})(?:了|过|到)?[^，。,.;；！？!?\n]{{0,10}}?(?:{RELATIONS_ZH})",
        rf"给(?:我的?)?(?:{RELATIONS_ZH})[^，。,.;；！？!?\n]{{0,6}}?(?:打|发|寄)",
        rf"(?:{RELATIONS_ZH})[^，。,.;；！？!?\n]{{0,10}}?(?:接到|收到|被|也被|都被|那里|那边)[^，。,.;；！？!?\n]{{0,8}}?"
        r"(?:电话|短信|信息|骚扰|催收|催债|威胁|找)",
        rf"\b(?:{CONTACT_VERB_EN})\b(?:\s+\w+){{0,4}}?\s+(?:my|our|his|her)\s+(?:\w+\s+)?(?:{RELATIONS_EN})\b",
        rf"\b(?:my|our)\s+(?:{RELATIONS_EN})\b(?:\s+\w+){{0,3}}?\s+(?:(?:was|were|has\s+been|have\s+been|got|been|being)\s+"
        r"(?:called|contacted|harassed|texted|told)|received\s+(?:calls?|messages?|texts?|letters?))",
        r"\bthird[-\s]part(?:y|ies)\b|\bat\s+(?:my\s+)?(?:work|job|workplace|office)\b",
    ]),
    # Frequency, said in words (counts are judged against the profile in `categorise`).
    Cue(C.EXCESSIVE_FREQUENCY, 2, _("describes contacts without let-up"), [
        r"频繁|不停|不断|反复|轰炸|狂打|狂轰|连续打|连环|打爆|没完没了|无数|接连|一遍又一遍|一遍遍|打个不停|一刻不停|"
        r"24小时|日夜不停|没日没夜|一个接一个",
        r"\brepeated(?:ly)?\b|\bconstant(?:ly)?\b|\bnon-?stop\b|\bincessant(?:ly)?\b|\bcontinuous(?:ly)?\b|"
        r"\b(?:multiple|several|many|numerous)\s+(?:times|calls|phone\s+calls)\b|"
        r"\bexcessive(?:ly)?\b|\bkeeps?\s+(?:on\s+)?calling\b|\bkept\s+(?:on\s+)?calling\b|"
        r"\bcontinu(?:e|es|ed|ing)\s+(?:to\s+)?(?:call|contact|text|harass)|\bstill\s+(?:calling|call|contact)|"
        r"\bwon'?t\s+stop\s+calling|\bbombard|\bblowing\s+up\s+my\s+phone|\bover\s+and\s+over\b|\ball\s+day\b",
    ]),
    Cue(C.EXCESSIVE_FREQUENCY, 2, _("kept contacting after being asked to stop"), [
        r"(?:让|叫|要求|请)他们?(?:不要|别|停止)(?:再)?(?:打|联系|催).{0,20}(?:还是|仍然|依然|照样|继续)",
        r"\b(?:asked|told|requested|instructed|demanded)\s+(?:them|him|her|the\s+\w+)?\s*(?:several\s+times\s+)?"
        r"(?:to\s+)?(?:stop|cease|quit|not\s+to)\s+(?:calling|contacting|call|contact|texting)",
        r"\bcease\s+(?:and\s+desist|(?:all\s+)?communications?)\b|\bdo\s+not\s+call\s+list\b",
    ], negatable=False),
    Cue(C.EXCESSIVE_FREQUENCY, 1, _("calls described as harassment, or every day"), [
        r"骚扰|天天|每天都?打|一直打|一直催|一直在?打",
        r"\bharass(?:ing|ed|ment)?\b|\bevery\s+(?:single\s+)?day\b|\bdaily\b",
    ]),
    # Quiet hours said in words (clock times are judged against the profile in `categorise`).
    # Threats and insults.
    Cue(C.THREATS_INSULTS, 3, _("describes threats or insults"), [
        r"威胁|恐吓|辱骂|骂|脏话|侮辱|羞辱|诽谤|人身攻击|P图|p图|P成|遗照|上门闹|泼油漆|曝光|身败名裂|要你好看|有你好看|小心点|"
        r"弄死|打断.{0,3}腿|去死|别活|挂到网上|发到网上|贴大字报|喷漆|大吼|后果自负|别想(?:安生|好过)|收拾|走着瞧|不得好死",
        r"\bthreat(?:s|en|ens|ened|ening)?\b|\bintimidat\w*|\babusive\b|\bobscen\w*|\bprofan\w*|\bcurs(?:e|ed|ing)\b|"
        r"\binsult\w*|\bdemean\w*|\bbelittl\w*|\byell(?:ed|ing)\b|\bscream(?:ed|ing)\b|\bswear(?:ing)?\b|\bdegrad\w*|"
        r"\bcalled\s+me\s+(?:a|an)\s+\w+",
    ]),
    Cue(C.THREATS_INSULTS, 1, _("describes hostile treatment"), [
        r"凶|态度恶劣",
        r"\baggressive\w*|\brude(?:ly|ness)?\b|\bhung\s+up\b|\bhang\s+up\b|\bpressur\w+|\bscare\w*|\bbull(?:y|ied)",
    ]),
    Cue(C.THREATS_INSULTS, 2, _("describes legal action or damage threatened or taken"), [
        r"(?:不还钱?|再不还)[^，。,.;；！？!?]{0,3}就|冻结|查封|扣工资",
        r"\bsu(?:e|ed|ing)\s+(?:me|you|us|him|her)\b|\blawsuit\b|\blegal\s+action\b|\btake\s+(?:me|us)\s+to\s+court\b|"
        r"\bgarnish\w*|\blevy\b|\bseiz(?:e|ed|ure)\b|\brepossess\w*|\bexempt\s+(?:funds|income|benefits)|"
        r"\b(?:ruin|damage|hurt|destroy)(?:ed|ing)?\s+(?:my|your)\s+credit|\bnegative(?:ly)?\s+(?:impact|affect|report)\w*|"
        r"\breport(?:ed)?\s+(?:it|this|me|the\s+debt)?\s*to\s+(?:the\s+)?credit\s+(?:bureaus?|agencies)|\bjudg(?:e)?ment\b|"
        r"\bstatute\s+of\s+limitations?\b|\btime-barred\b|\bold\s+debt\b|\bsummons\b|\bserved\b",
    ]),
    Cue(C.THREATS_INSULTS, 1, _("mentions a lawsuit"), [
        r"起诉|(?<!转)告(?:你|我)|上法庭|强制执行",
    ]),
    Cue(C.THREATS_INSULTS, 2, _("threatens arrest or jail"), [
        r"抓你|抓我|拘留|坐牢|进监狱", r"\barrest\w*|\bjail\b|\bprison\b",
    ]),
    # Impersonation.
    Cue(C.IMPERSONATION, 3, _("posing as police, a court or a lawyer, or fake legal papers"), [
        r"冒充|假冒|假扮|自称(?:是)?(?:公安|警察|民警|警官|法院|法官|律师|检察|政府|银保监|金融监管|网警|执法)|伪造|假的?(?:律师函|传票|"
        r"法院文书|判决书|通缉令|公文)|律师函|传票|通缉|公检法|检察院|刑事|涉嫌(?:诈骗|犯罪)|诈骗罪|立案|网警|派出所|公安机关|"
        r"(?:称自己是|说自己是|说是)[^，。,.;；！？!?]{0,4}(?:公安|警察|民警|法院|法官|律师|检察|政府|派出所|监管)|"
        r"所谓的?(?:判决书|传票|律师函|起诉状)|冒用[^，。,.;；！？!?]{0,8}名义|自首|案号",
        r"\bposing\s+as\b|\bpos(?:ed|es)\s+as\b|\bpretend(?:ed|ing|s)?\s+to\s+be\b|\bimpersonat\w*|"
        r"\bclaim(?:ed|ing|s)?\s+to\s+be\s+(?:an?\s+|the\s+|from\s+)?(?:attorney|lawyer|police|officer|sheriff|"
        r"law\s+enforcement|government|court|investigator|agent)",
        r"\bcriminal\s+(?:charges?|case|complaint|action)|\bcommit(?:ted|ting)?\s+(?:a\s+)?(?:crime|fraud|felony)|"
        r"\bcheck\s+fraud\b|\bfraud\s+charges?\b|\bwarrant\b|\bsheriff\b|\blaw\s+enforcement\b|\bpolice\b|"
        r"\bfederal\s+(?:agent|crime|offense)|\bdistrict\s+attorney\b",
    ]),
    # Collecting during an agreed deferral or pause.
    Cue(C.DEFERRAL_BREACH, 3, _("an agreed deferral or pause"), [
        r"缓催|停催|延期还款|申请了?延期|展期|宽限期?|暂停催收|暂缓催收|停息挂账|个性化分期|"
        r"(?:协商|谈好|达成|签了|办理了?|申请了?|批了|同意了?|约定)[^，。,.;；！？!?]{0,10}(?:分期|延期|延后|缓|还款计划|还款协议|"
        r"还款方案|停止催收|暂停|宽限)",
        r"\bdeferr?(?:al|ment|ed)\b|\bforbearance\b|\bhardship\s+(?:plan|program|agreement)\b|"
        r"\bagreed\s+(?:to\s+)?(?:a\s+)?(?:pause|hold|deferral|extension)\b|\bpayment\s+(?:holiday|pause)\b",
    ]),
    Cue(C.DEFERRAL_BREACH, 1, _("a payment plan"), [
        r"还款计划|分期还款", r"\bpayment\s+(?:plan|arrangement|agreement)s?\b",
    ]),
    # Collecting after settlement.
    Cue(C.POST_SETTLEMENT, 3, _("the debt was already paid or settled"), [
        r"已经?还清|已经?结清|结清证明|结清了|还完了|已经还了|全部还清|全额还清|一次性还清|提前还清|还清了|都还了|早就还了|"
        r"已经?全额还款|已经?还款|款已还|钱已还|已还完|销户|全额还款后|钱都还了|(?<!要求一次性)(?<!要求)(?<!要我)(?<!让我)(?<!逼我)"
        r"(?:还清|结清)",
        r"\bpaid\s+(?:it|this|that|the\s+(?:debt|balance|account|bill|amount)|my\s+(?:debt|balance|account|bill))?\s*"
        r"(?:off|in\s+full)\b|\bpaid\s+in\s+full\b|\balready\s+(?:been\s+)?paid\b|\b(?:was|been|were|has\s+been|had\s+been)\s+"
        r"paid\b|\bpaid\s+(?:this|the|that|my)\s+(?:debt|bill|balance|account)\b|\bsettled\s+(?:the|this|that|my)\s+"
        r"(?:debt|account|balance|bill)\b|\b(?:account|debt|balance)\s+(?:was|is|had\s+been|has\s+been)\s+settled\b|"
        r"\bsettlement\s+(?:agreement|letter|offer\s+was\s+accepted)\b|\bzero\s+balance\b|\$0(?:\.00)?\s+balance|"
        r"\bpayoff\b|\bpaid\s+off\b|\bproof\s+of\s+payment\b|\bcashed\s+(?:the|my)\s+check\b|\bpaid\s+(?:everything|all)\b",
    ]),
    # Unlawful use of personal information.
    Cue(C.UNLAWFUL_DATA_USE, 3, _("personal information obtained or used unlawfully"), [
        r"个人信息|隐私|泄露|泄漏|调取|读取|通话记录|短信记录|聊天记录|定位|位置信息|相册|人脸|证件照|身份证(?:照片|信息|号)|"
        r"把我的?(?:信息|资料|个人资料|借款信息)|卖了?我的|爬取|获取了?我的|偷看|监控|查到(?:了)?我|账户信息|住址|"
        r"从没(?:告诉|填|提供)|小区的照片",
        r"\bpersonal\s+(?:information|data)\b|\bprivate\s+information\b|\bprivacy\b|\bleak(?:ed|ing)?\b|"
        r"\bsold\s+my\s+(?:data|information)\b|\bshared\s+my\s+(?:personal\s+)?(?:information|data)\b|"
        r"\baccess(?:ed)?\s+my\s+(?:phone|contacts|photos|location|messages)\b|\bmy\s+location\b|\btrack(?:ed|ing)\s+my\b|"
        r"\bsocial\s+security\s+number\b|\bSSN\b",
    ]),
    # Collecting without a mandate.
    Cue(C.UNMANDATED_COLLECTION, 3, _("collecting without a mandate or licence"), [
        r"没有?委托|无委托|未经委托|从没委托|委托(?:合同|协议)?(?:已经?|早就?|上个月)?(?:已经?)?(?:到期|过期|结束|终止)|"
        r"不是[^，。,.;；！？!?]{0,8}委托的|资质|非法催收|不是正规|黑催收|不知道是哪里的催收|不明身份的催收|委托书|授权书|"
        r"授权文件|委托证明|受谁委托|不承认[^，。,.;；！？!?]{0,6}合作|查不到[^，。,.;；！？!?]{0,6}(?:登记|备案)|"
        r"没有?转给(?:任何)?第三方|案子收回|没有这项业务|私下买|受托",
        r"\bnot\s+authori[sz]ed\s+to\s+collect\b|\bno\s+authority\b|\bunlicensed\b|\bnot\s+licensed\b|\bno\s+licen[cs]e\b|"
        r"\bnot\s+registered\b|\bno\s+right\s+to\s+collect\b|\bdo(?:es)?\s+not\s+own\s+(?:the|this)\s+debt\b|"
        r"\bnot\s+the\s+owner\s+of\s+(?:the|this)\s+debt\b|\bno\s+standing\b",
    ], negatable=False),
    # Collecting a debt not owed.
    Cue(C.DISPUTED_DEBT, 3, _("a debt the person does not owe"), [
        r"不是我借的|不是我的(?:借款|贷款|欠款|债)|没借过|从未借|从来没有?借|没有借过|没有借款|没在[^，。,.;；！？!?]{0,10}借|"
        r"从(?:未|没)在[^，。,.;；！？!?]{0,10}借|机主|比我实际借的多|多出|以我的名义|不知情|同名|"
        r"没有在[^，。,.;；！？!?]{0,10}(?:借|贷|申请)|没有申请过|没申请过|从没注册|根本没有?注册|身份被冒用|冒用了?我的身份|"
        r"被人?冒名|冒名贷款|盗用了?我的身份|身份证被盗用?|不是本人|非本人|金额不对|金额不符|数额不对|对不上|多收|乱收费|"
        r"砍头息|服务费|会员费|担保费|手续费|违约金|利息(?:过高|太高|高得离谱)|没有同意的?费用|不认可|莫名其妙的(?:欠款|债)",
        r"\bnot\s+my\s+debt\b|\bnot\s+mine\b|\bisn'?t\s+mine\b|\bdo(?:n'?t|\s+not)\s+owe\b|\bdid(?:n'?t|\s+not)\s+owe\b|"
        r"\bowe\s+(?:them\s+)?nothing\b|\bdoes(?:n'?t|\s+not)\s+belong\s+to\s+me\b|\bnever\s+(?:had|opened|applied|"
        r"signed|authorized|took|received\s+(?:any\s+)?(?:services|treatment))\b|\bno\s+(?:contract|contractual|"
        r"agreement|relationship|account)\s+(?:\w+\s+)?with\b|\bidentity\s+(?:theft|was\s+stolen|fraud)\b|"
        r"\bstolen\s+identity\b|\bfraudulent(?:ly)?\b|\bwithout\s+my\s+(?:knowledge|consent|permission|authori[sz]ation)\b|"
        r"\bnot\s+(?:liable|responsible)\b|\bwrong\s+(?:amount|balance|person)\b|\bincorrect\s+(?:amount|balance)\b|"
        r"\b(?:extra|additional|unauthori[sz]ed|illegal|excessive|bogus|hidden|junk|late)\s+(?:fees|charges|interest)\b|"
        r"\b(?:fees?|charges?|interest)\s+(?:that\s+)?(?:i|we)\s+(?:never|did\s+not|didn'?t)\s+agree\w*|\bovercharg\w*|\bmore\s+than\s+(?:i|what\s+i)\s+owe|\bdischarged\b|\bbankruptcy\b|\binsurance\b|"
        r"\bdon'?t\s+recogni[sz]e\b|\bdo\s+not\s+recogni[sz]e\b|\bunfamiliar\s+with\b|\bnever\s+heard\s+of\b|"
        r"\bmistaken\s+identity\b|\bsomeone\s+else'?s?\b|\bmerged\s+with\b|\bnot\s+(?:the\s+)?(?:original\s+)?(?:debtor|"
        r"borrower)\b|\bnot\s+owed\b|\bnot\s+valid\b|\binvalid\b|\binaccura\w+|\bnot\s+accurate\b|\berroneous\w*|"
        r"\bfalse(?:ly)?\s+report\w*|\bduplicate\w*|\bnever\s+(?:done|did)\s+(?:any\s+)?business\b|"
        r"\bno\s+(?:\w+\s+)?obligations?\b|\bno\s+(?:clue|idea|knowledge)\b|\b(?:do\s+not|don'?t|didn'?t)\s+know\s+"
        r"(?:who|what|anything)\b|\bunknown\s+(?:debt|account|company)\b|\bnot\s+(?:my\s+)?(?:account|responsibility)\b|"
        r"\bdoes(?:n'?t|\s+not)\s+involve\s+me\b|\bdata\s+breach\b|\bfraud\s+alert\b|\bvictim\s+of\b|\bscam\w*",
    ], negatable=False),
    Cue(C.DISPUTED_DEBT, 2, _("asks to remove a debt the person contests"), [
        r"\balleged\b|\bmisrepresent\w*|\b(?:remove|delete|deleted|removed)\b[^.]{0,40}\b(?:credit|report|file)\b",
    ], negatable=False),
    Cue(C.DISPUTED_DEBT, 1, _("disputes the debt"), [
        r"异议|有争议", r"\bdisput(?:e|ed|ing)\b",
    ], negatable=False),
    # Refusing or failing to identify or verify the debt.
    Cue(C.DEBT_INFORMATION, 3, _("the debt was not identified or verified when asked"), [
        r"不告诉我?是?哪家|不说是?哪(?:家|个)|不肯说|说不出(?:借款|金额|日期|是哪)|出示|没有义务提供|不予回应|不回应|"
        r"(?:合同|证明|凭证|明细)[^，。,.;；！？!?]{0,10}(?:拿不出|不给|不提供|没有提供)|拿不出(?:合同|证明|凭证)|要合同|不肯透露|拒绝(?:提供|出示|告知|说明)|不(?:提供|出示|给)(?:借款)?(?:合同|明细|凭证|"
        r"证据|借款记录|欠款证明)|说不清|讲不清|答不上|支支吾吾|含糊其辞|书面说明|书面(?:的)?(?:欠款|债务)?(?:证明|通知|材料)|"
        r"债权转让|要求(?:他们)?核实|核实(?:债务|欠款)|欠款明细|借款合同|(?:没有|从未|从没)收到(?:过)?(?:任何)?(?:书面)?(?:通知|催收函|函件|账单)|"
        r"不知道(?:是)?(?:哪家|哪个平台|欠了?谁|欠多少)|连(?:债权人|平台名|金额)都",
        r"\bvalidat(?:e|ed|ion|ing)\b|\bverif(?:y|ied|ication|ying)\b|\bproof\s+of\s+(?:the\s+|this\s+)?debt\b|"
        r"\bnever\s+(?:received|got|sent|been\s+sent)\s+(?:a|any|the|me\s+(?:a|any))\s+(?:\w+\s+)?(?:letter|notice|"
        r"notification|statement|bill|documentation|correspondence)|\bno\s+(?:written\s+)?(?:notice|notification|"
        r"letter|documentation|paperwork|information\s+(?:given|regarding|about))|\bright\s+to\s+dispute\b|\b1692g\b|"
        r"\b809\b|\boriginal\s+creditor\b|\bname\s+of\s+the\s+creditor\b|\bwho\s+the\s+(?:original\s+)?creditor\b|"
        r"\b(?:did\s+not|didn'?t|never|failed\s+to|refus(?:e|ed|es)\s+to|would\s+not|wouldn'?t|will\s+not|won'?t|"
        r"could\s+not|couldn'?t)\s+(?:provide|send|give|tell|identify|explain|show|produce|respond|reply|answer)\b|"
        r"\bitemi[sz]ation\b|\bcopy\s+of\s+(?:the\s+)?(?:signed\s+)?(?:contract|agreement|original)|\bsigned\s+contract\b|"
        r"\bchain\s+of\s+title\b|\bno\s+(?:response|reply)\b|\bnever\s+(?:responded|replied)\b|"
        r"\battempt\s+to\s+collect\s+a\s+debt\b|\bdocumentation\b|\bcertified\s+(?:letter|mail)\b",
    ], negatable=False),
]
