// ECharts, with only the chart kinds the pages draw (a smaller bundle than all of ECharts).
import * as echarts from 'echarts/core'
import { BarChart, GraphChart, LineChart, PieChart, SankeyChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { h } from './format'

echarts.use([BarChart, GraphChart, LineChart, PieChart, SankeyChart, GridComponent, LegendComponent,
  TooltipComponent, CanvasRenderer])

const live: echarts.ECharts[] = []

/** A chart in a new box; `update` redraws it with new data. */
export function chart(name: string, option: echarts.EChartsCoreOption, height = 280) {
  const box = h('div', { class: 'chart', 'data-chart': name, style: `height:${height}px` })
  let instance: echarts.ECharts | undefined
  const draw = (next: echarts.EChartsCoreOption): void => {
    if (instance === undefined) {
      instance = echarts.init(box)
      live.push(instance)
    }
    // No animation: a live page redraws every few seconds, and a screenshot shows the chart whole.
    instance.setOption({ animation: false, ...next }, true)
  }
  // Drawn once the box is in the page and has a size.
  requestAnimationFrame(() => draw(option))
  return { box, update: (next: echarts.EChartsCoreOption) => draw(next) }
}

export function disposeCharts(): void {
  for (const instance of live.splice(0)) instance.dispose()
}

/** Parts of a whole; nothing is drawn for parts that are zero (nor for a whole of zero). */
export const pie = (parts: { name: string; value: number }[]): echarts.EChartsCoreOption => {
  const data = parts.filter((part) => part.value > 0)
  return {
  tooltip: { trigger: 'item', valueFormatter: (v: number) => v.toLocaleString('en') },
  legend: { type: 'scroll', bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '70%'], data, label: { show: data.length <= 12 } }],
  }
}
