import type { ScriptTemplate } from "./index";
import { backToTheStep, endTheCall, goTo, ScriptBuilder, ALL_OPENER_CHECKS } from "./template-builder";

/**
 * Phase 4 of an event campaign, in Simplified Chinese: two or three days before the event, remind a
 * registered attendee of the time, the place, how to get there and what to bring, then confirm attendance.
 * Someone who cannot come is asked for a colleague to send instead.
 */
export const eventReminderZh: ScriptTemplate = {
  id: "event-reminder-zh",
  name: "Event reminder (Simplified Chinese)",
  summary:
    "Remind a registered attendee 2–3 days before the event: time, place, directions and what to bring; confirm attendance or change the attendee. In Simplified Chinese.",
  kind: "call-script",
  language: "zh-CN",
  build: ({ now }) => {
    const s = new ScriptBuilder({
      id: "event-reminder-zh",
      kind: "call-script",
      title: "会前提醒电话",
      description:
        "会议前2–3天拨打给已报名的参会者。先说明时间地点，再确认是否参加；不能参加的，询问能否由同事代为参加。",
      language: "zh-CN",
      tags: ["提醒", "活动"],
      settings: {
        charactersPerMinute: 240,
        answerSeconds: 5,
        openerChecks: ALL_OPENER_CHECKS,
      },
      now,
    });

    s.variable("contactName", "联系人称呼", "text", { sample: "王经理" })
      .variable("eventName", "活动名称", "text", { sample: "2025智慧物流峰会" })
      .variable("eventDate", "活动日期", "date", { sample: "2025-11-06" })
      .variable("eventTime", "签到及开始时间", "text", { sample: "上午9点签到，9点半正式开始" })
      .variable("venue", "会场", "text", { sample: "上海国际会议中心3楼B厅" })
      .variable("venueAddress", "会场地址", "text", { sample: "浦东新区滨江大道2727号" })
      .variable("directions", "交通方式", "text", {
        sample: "地铁2号线陆家嘴站1号口出，步行约10分钟；开车的话，会场地下车库可以免费停车",
      })
      .variable("whatToBring", "需携带物品", "text", { sample: "手机上的电子邀请函二维码和两张名片" })
      .variable("hotline", "会务热线", "phone", { sample: "400-820-1234" })
      .variable("registrationDate", "报名日期", "date", {
        required: false,
        sample: "2025-10-08",
        fallback: "近期",
      })
      .variable("agentName", "坐席姓名（由坐席系统填入）", "text", { sample: "陈静" })
      .variable("organizer", "主办单位", "text", {
        required: false,
        fallback: "华信会展",
        sample: "华信会展",
      });

    s.start({ next: "opening" })
      .yesNo("opening", {
        title: "开场",
        text: "{{contactName}}您好，我是{{organizer}}的{{agentName}}。您报名参加了{{eventDate}}的{{eventName}}，我打电话跟您确认一下参会信息，大概一分钟，您现在方便吗？",
        note: "语气轻松友好。对方如果说不方便，不要坚持，直接约回电时间。",
        yes: "details",
        no: "callback",
      })
      .say("details", {
        title: "时间和地点",
        text: "会议时间是{{eventDate}}{{eventTime}}，地点在{{venue}}，地址是{{venueAddress}}。",
        note: "日期、时间、地点说慢一点，对方可能在记。",
        next: "directions",
      })
      .say("directions", {
        title: "交通和携带物品",
        text: "交通方面，{{directions}}。另外请带好{{whatToBring}}，签到时需要出示。",
        next: "reminder-delivered",
      })
      .checkpoint("reminder-delivered", "提醒已传达", {
        note: "在此之前结束的通话计为提前拒绝。",
        next: "confirm",
      })
      .single("confirm", {
        title: "确认参会",
        text: "请问您届时能来参加吗？",
        answerField: "attendance",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "yes", label: "能参加", code: "YES", to: "confirmed" },
          { id: "no", label: "不能参加", code: "NO", to: "substitute" },
          { id: "unsure", label: "还不确定", code: "UNSURE", to: "unsure" },
        ],
      })
      .yesNo("substitute", {
        title: "能否由同事代为参加",
        text: "没关系。请问有没有同事可以代您参加？邀请函可以转给他。",
        note: "“我不去了”这一异议也会转到这里。",
        yes: "change-attendee",
        no: "cancelled",
      })
      .referral("change-attendee", {
        title: "更换参会人",
        text: "好的，麻烦告诉我这位同事的姓名、职务和手机号，我们会把新的电子邀请函发到他的手机上。",
        note: "记下手机号后向对方复述一遍核对。原报名取消，新参会人凭新的二维码签到。",
        next: "attendee-changed",
      })
      .callback("callback", {
        title: "约回电时间",
        text: "不好意思打扰了。请问什么时间再打给您比较方便？",
        note: "记录约定的日期和时间，系统会自动安排回电。回电时间最晚不能晚于会议前一天。",
        next: "callback-scheduled",
      })
      .end("confirmed", {
        text: "好的，期待您的光临！如果有变化，请拨打会务热线{{hotline}}。祝您工作顺利，再见！",
        outcome: { label: "确认参加", code: "CONFIRMED", success: true, disposition: "1.1" },
      })
      .end("attendee-changed", {
        text: "好的，已经帮您登记了。谢谢您的配合，再见！",
        outcome: { label: "更换参会人", code: "SUBSTITUTE", success: true, disposition: "1.1" },
      })
      .end("cancelled", {
        text: "好的，我这边帮您取消报名。谢谢您的支持，希望下次有机会见面，再见！",
        outcome: { label: "不参加", code: "CANCELLED", success: false, disposition: "1.1" },
      })
      .end("unsure", {
        text: "没关系。会议前一天我们会再发短信提醒您。如果确定来不了，也欢迎请同事代为参加，或者拨打{{hotline}}告诉我们。再见！",
        outcome: { label: "尚未确定", code: "UNSURE", success: false, disposition: "1.1" },
      })
      .end("callback-scheduled", {
        text: "好的，那我到时候再打给您。再见！",
        outcome: { label: "约定回电", code: "CALLBACK", success: false, disposition: "2.21" },
      });

    s.objection("no-time", {
      label: "我现在没空",
      shortcut: "t",
      reply: "明白，我长话短说，就一分钟，只说一下时间和地点。",
      then: backToTheStep,
    })
      .objection("sms", {
        label: "发短信给我就行",
        shortcut: "s",
        reply: "好的，我马上把时间、地址和交通信息发短信到您的手机上。谢谢您，再见！",
        then: endTheCall({ label: "改为短信提醒", code: "SMS", success: false, disposition: "1.1" }),
      })
      .objection("not-registered", {
        label: "我没报过名",
        shortcut: "r",
        reply:
          "抱歉打扰。我们的记录显示，这个号码于{{registrationDate}}在活动官网报了名，可能是同事帮您报的。",
        then: backToTheStep,
      })
      .objection("who-gave-number", {
        label: "你们怎么有我的电话",
        shortcut: "w",
        reply: "这是报名时在活动官网留下的号码，我们只用它联系与这次会议有关的事情。",
        then: backToTheStep,
      })
      .objection("not-attending", {
        label: "我不去了",
        shortcut: "n",
        reply: "好的，了解。",
        then: goTo("substitute"),
      })
      .objection("do-not-call", {
        label: "以后别再打了",
        shortcut: "d",
        reply: "好的，非常抱歉打扰您，以后不会再给您打电话了。再见。",
        then: endTheCall({ label: "拒绝来电", code: "DNC", success: false, disposition: "2.11" }),
      });

    return s.build();
  },
};
