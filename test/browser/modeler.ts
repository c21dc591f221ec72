/**
 * Driving the designer's bpmn-js modeler from a test the way an admin does: context pad entries
 * on an element (append, change type, connect), and the properties panel's entries by id.
 */
import type { Page } from 'playwright-core';

export type AppendAction = 'append.append-task' | 'append.gateway' | 'append.end-event' | 'append.intermediate-event';

export function modeler(page: Page) {
  const element = (id: string) => page.locator(`.djs-element[data-element-id="${id}"]`).first();
  const selectedId = async () => (await page.locator('.djs-element.selected').first().getAttribute('data-element-id', { timeout: 5000 }))!;
  const contextPad = (action: string) => page.locator(`.djs-context-pad [data-action="${action}"]`);

  const api = {
    selectedId,
    async select(id: string): Promise<void> {
      if ((await selectedId().catch(() => null)) === id) return;
      const isConnection = (await element(id).getAttribute('class'))!.includes('djs-connection');
      if (isConnection) {
        // A connection is clicked on its line, at a point along its path no shape or label covers.
        // (Typed by hand: the tests compile without the DOM library.)
        type Point = { x: number; y: number; matrixTransform(matrix: unknown): Point };
        type Path = { getTotalLength(): number; getPointAtLength(at: number): Point; getScreenCTM(): unknown };
        for (const share of [0.5, 0.3, 0.7, 0.15, 0.85]) {
          const point = await element(id)
            .locator('path.djs-hit')
            .evaluate((node, at) => {
              const path = node as unknown as Path;
              const onPage = path.getPointAtLength(path.getTotalLength() * at).matrixTransform(path.getScreenCTM());
              return { x: onPage.x, y: onPage.y };
            }, share);
          await page.mouse.click(point.x, point.y);
          if ((await page.locator(`.djs-element.selected[data-element-id="${id}"]`).count()) > 0) break;
        }
      } else {
        await element(id).click();
      }
      await page.locator(`.djs-element.selected[data-element-id="${id}"]`).waitFor({ state: 'attached' });
    },
    /** Selects the process itself (a click on the empty canvas). */
    async selectProcess(): Promise<void> {
      await page.locator('.djs-container > svg').click({ position: { x: 600, y: 40 } });
    },
    /** Appends a new element after `fromId` and returns the new element's id. */
    async append(fromId: string, action: AppendAction): Promise<string> {
      await api.select(fromId);
      await contextPad(action).click();
      // Appending a task opens its label for typing: leave the name to the panel.
      if (await page.locator('.djs-direct-editing-parent').isVisible()) await page.keyboard.press('Escape');
      return selectedId();
    },
    async changeType(id: string, replaceWith: string): Promise<string> {
      await api.select(id);
      await contextPad('replace').click();
      await page.locator(`.djs-popup [data-id="${replaceWith}"]`).click();
      return selectedId();
    },
    /** One of the change-type menu's toggles (parallel or sequential multi-instance, loop). */
    async toggle(id: string, toggle: 'toggle-parallel-mi' | 'toggle-sequential-mi' | 'toggle-loop'): Promise<void> {
      await api.select(id);
      await contextPad('replace').click();
      await page.locator(`.djs-popup [data-id="${toggle}"]`).click();
    },
    async remove(id: string): Promise<void> {
      await api.select(id);
      await contextPad('delete').click();
      await element(id).waitFor({ state: 'detached' });
    },
    async connect(fromId: string, toId: string): Promise<void> {
      await api.select(fromId);
      await contextPad('connect').click();
      await element(toId).click();
    },
    /** Opens a group of the properties panel (they start closed). */
    async openGroup(groupId: string): Promise<void> {
      const header = page.locator(`[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
      if (!(await header.getAttribute('class'))!.includes('open')) await header.click();
    },
    async fill(entryId: string, value: string): Promise<void> {
      const input = page.locator(`#bio-properties-panel-${entryId}`);
      await input.fill(value);
      await input.blur();
    },
    async choose(entryId: string, value: string): Promise<void> {
      await page.locator(`#bio-properties-panel-${entryId}`).selectOption(value);
    },
    /** Gives the selected element an id and a name through the panel's General group. */
    async identify(id: string, name: string): Promise<void> {
      await api.openGroup('general');
      await api.fill('name', name);
      await api.fill('id', id);
      await page.locator(`.djs-element.selected[data-element-id="${id}"]`).waitFor();
    },
  };
  return api;
}
