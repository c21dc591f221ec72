/**
 * The palette and the "change type" menu offer what the Flowdesk runtime runs
 * (engine/bundle/bpmn/bpmn-support.ts): user and service tasks come straight from the palette,
 * and element kinds the runtime refuses (complex gateways, transactions, ad-hoc subprocesses,
 * conditional, escalation, compensation, cancel and link events, pools) are not offered.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js services are untyped here */
type Entries = Record<string, any>;

const NOT_RUN = /complex|transaction|ad-hoc|adhoc|conditional|escalation|compensat|cancel|link|participant|collaboration/i;

const withoutUnrun = (entries: Entries): Entries => Object.fromEntries(Object.entries(entries).filter(([id]) => !NOT_RUN.test(id)));

class RunnablePalette {
  static $inject = ['palette', 'create', 'elementFactory', 'translate'];
  constructor(
    palette: any,
    private readonly create: any,
    private readonly elementFactory: any,
    private readonly translate: (text: string) => string,
  ) {
    palette.registerProvider(500, this);
  }

  private entry(type: string, icon: string, title: string) {
    const start = (event: Event) => this.create.start(event, this.elementFactory.createShape({ type }));
    return { group: 'activity', className: icon, title: this.translate(title), action: { dragstart: start, click: start } };
  }

  getPaletteEntries() {
    return (entries: Entries) => ({
      ...withoutUnrun(entries),
      'create.user-task': this.entry('bpmn:UserTask', 'bpmn-icon-user-task', 'Create user task'),
      'create.service-task': this.entry('bpmn:ServiceTask', 'bpmn-icon-service-task', 'Create service task'),
    });
  }
}

class RunnableReplaceMenu {
  static $inject = ['popupMenu'];
  constructor(popupMenu: any) {
    popupMenu.registerProvider('bpmn-replace', 500, this);
  }

  getPopupMenuEntries() {
    return (entries: Entries) => withoutUnrun(entries);
  }
}

export const runnablePaletteModule = {
  __init__: ['runnablePalette', 'runnableReplaceMenu'],
  runnablePalette: ['type', RunnablePalette],
  runnableReplaceMenu: ['type', RunnableReplaceMenu],
};
