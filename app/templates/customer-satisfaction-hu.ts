import type { ScriptTemplate } from "./index";
import { backToTheStep, endTheCall, ScriptBuilder, ALL_OPENER_CHECKS } from "./template-builder";

/**
 * A one-minute Hungarian satisfaction survey after a customer-service case. The 1–5 scale uses the
 * Hungarian school grades (1 worst, 5 best), which every respondent knows without explanation.
 * Unhappy or unresolved customers are offered a call back from a team leader.
 */
export const customerSatisfactionHu: ScriptTemplate = {
  id: "customer-satisfaction-hu",
  name: "Customer satisfaction survey (Hungarian)",
  summary:
    "Three closed questions after a customer-service case; unhappy or unresolved customers get a team leader's callback. In Hungarian.",
  kind: "survey",
  language: "hu",
  build: ({ now }) => {
    const s = new ScriptBuilder({
      id: "customer-satisfaction-hu",
      kind: "survey",
      title: "Ügyfél-elégedettségi felmérés",
      description:
        "Rövid telefonos felmérés az ügyfélszolgálati ügyintézés után, az ügy lezárását követő egy héten belül. Az elégedetlen ügyfeleket egy vezető hívja vissza.",
      language: "hu",
      tags: ["felmérés", "elégedettség"],
      settings: {
        wordsPerMinute: 130,
        answerSeconds: 5,
        openerChecks: ALL_OPENER_CHECKS,
      },
      now,
    });

    s.variable("caseTopic", "Az ügy tárgya", "text", { sample: "számlareklamáció" })
      .variable("agentName", "Operátor neve (az ügyfélprogram tölti ki)", "text", { sample: "Tóth Eszter" })
      .variable("organizer", "Hívó cég", "text", {
        required: false,
        fallback: "Duna Energia",
        sample: "Duna Energia",
      });

    s.start({ next: "intro" })
      .yesNo("intro", {
        title: "Bemutatkozás",
        text: "Jó napot kívánok! {{agentName}} vagyok, a {{organizer}} ügyfélszolgálatától. Nemrég {{caseTopic}} ügyében kereste meg ügyfélszolgálatunkat. Ezzel kapcsolatban lenne három rövid kérdésem, körülbelül egy perc. Most alkalmas Önnek?",
        note: "Ha a cégnév magánhangzóval kezdődik, „az” névelőt mondjon. Ne vitatkozzon az ügyféllel a panaszáról: jegyezze fel, a vezető visszahívja.",
        yes: "survey-started",
        no: "callback",
      })
      .checkpoint("survey-started", "Felmérés elkezdve", {
        note: "Az ennél korábban véget ért hívások korai elutasításnak számítanak.",
        next: "satisfaction",
      })
      .scale("satisfaction", {
        title: "Elégedettség",
        text: "Egytől ötig osztályozva, ahol az egyes a legrosszabb, az ötös a legjobb: mennyire elégedett az ügyintézéssel?",
        answerField: "satisfaction",
        scale: { min: 1, max: 5, minLabel: "Egyáltalán nem elégedett", maxLabel: "Teljesen elégedett" },
        dontKnow: "resolved",
        next: "resolved",
      })
      .single("resolved", {
        title: "Megoldódott az ügy?",
        text: "Sikerült megoldani az ügyét?",
        answerField: "resolved",
        readOut: { aloud: false, order: "fixed" },
        options: [
          { id: "yes", label: "Igen", to: "improvement" },
          { id: "partly", label: "Részben", to: "improvement" },
          { id: "no", label: "Nem", to: "improvement" },
        ],
      })
      .semiOpen("improvement", {
        title: "Miben fejlődjünk?",
        text: "Végül: miben kellene leginkább fejlődnünk?",
        note: "A felsorolás sorrendje hívásonként változik; a „Semmiben” mindig utolsó. Ha mást mond, írja le a saját szavaival.",
        answerField: "improvement",
        readOut: { aloud: true, order: "rotate" },
        options: [
          { id: "speed", label: "Gyorsabb ügyintézésben", to: "triage" },
          { id: "clarity", label: "Érthetőbb tájékoztatásban", to: "triage" },
          { id: "reach", label: "Könnyebb telefonos elérhetőségben", to: "triage" },
          { id: "nothing", label: "Semmiben, minden rendben volt", pinned: true, to: "triage" },
        ],
        other: "triage",
      })
      .condition("triage", {
        title: "Kell vezetői visszahívás?",
        rules: [
          {
            id: "unhappy",
            label: "Elégedetlen (1–2)",
            source: "answer",
            key: "satisfaction",
            operator: "less-than",
            value: 3,
            to: "escalate",
          },
          {
            id: "unresolved",
            label: "Nem oldódott meg",
            source: "answer",
            key: "resolved",
            operator: "equals",
            value: "no",
            to: "escalate",
          },
        ],
        else: "completed",
      })
      .callback("escalate", {
        title: "Vezetői visszahívás",
        text: "Sajnálom, hogy nem volt elégedett. Szeretném, ha egy vezető kollégám visszahívná, és rendezné az ügyet. Mikor alkalmas Önnek?",
        note: "Rögzítse az időpontot, és néhány szóban írja le a panaszt a vezetőnek.",
        next: "escalated",
      })
      .callback("callback", {
        title: "Visszahívás",
        text: "Természetesen. Mikor hívhatom vissza?",
        next: "callback-scheduled",
      })
      .end("completed", {
        text: "Köszönöm a válaszait, sokat segített. További szép napot kívánok, viszonthallásra!",
        outcome: { label: "Kitöltve", code: "DONE", success: true, disposition: "1.1" },
      })
      .end("escalated", {
        text: "Köszönöm. Kollégám a megbeszélt időpontban keresni fogja. Viszonthallásra!",
        outcome: {
          label: "Kitöltve, vezetői visszahívás",
          code: "ESCALATE",
          success: true,
          disposition: "1.1",
        },
      })
      .end("callback-scheduled", {
        text: "Köszönöm, akkor jelentkezem. Viszonthallásra!",
        outcome: { label: "Visszahívás egyeztetve", code: "CALLBACK", success: false, disposition: "2.21" },
      });

    s.objection("no-time", {
      label: "Nincs időm",
      shortcut: "t",
      reply:
        "Megértem. Csak három rövid kérdés, egy perc az egész. Ha most nem alkalmas, szívesen visszahívom később.",
      then: backToTheStep,
    })
      .objection("who-gave-number", {
        label: "Honnan van meg a számom?",
        shortcut: "w",
        reply:
          "Ezt a telefonszámot Ön adta meg, amikor ügyfélszolgálatunkhoz fordult. Csak ehhez a felméréshez használjuk.",
        then: backToTheStep,
      })
      .objection("not-interested", {
        label: "Nem érdekel",
        shortcut: "n",
        reply: "Rendben, megértem. Köszönöm az idejét, viszonthallásra!",
        then: endTheCall({ label: "Elutasította", code: "REFUSED", success: false, disposition: "2.11" }),
      })
      .objection("do-not-call", {
        label: "Ne hívjanak többet",
        shortcut: "d",
        reply: "Természetesen, töröljük a számát a hívólistáról. Elnézést a zavarásért, viszonthallásra!",
        then: endTheCall({ label: "Ne hívják többet", code: "DNC", success: false, disposition: "2.11" }),
      });

    return s.build();
  },
};
