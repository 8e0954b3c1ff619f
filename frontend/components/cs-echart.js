// <cs-echart>: draws an Apache ECharts option object (set as JSON text or an object on the `option` property)
// and follows its own size. Only the chart types and components the studio uses are bundled.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, SankeyChart, DatasetComponent, GridComponent, LegendComponent,
  MarkAreaComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

class ClickstreamEChart extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>
        :host { display: block; position: relative; min-height: 120px; }
        .plot { position: absolute; inset: 0; }
      </style>
      <div class="plot" part="plot"></div>`;
    this._plot = root.querySelector('.plot');
    this._option = null;
    this.chart = null;
    // Vaadin may set the property before this class is defined; move that value behind the setter.
    if (Object.prototype.hasOwnProperty.call(this, 'option')) {
      const early = this.option;
      delete this.option;
      this.option = early;
    }
  }

  set option(value) {
    this._option = typeof value === 'string' ? (value ? JSON.parse(value) : null) : value;
    this._draw();
  }

  get option() {
    return this._option;
  }

  connectedCallback() {
    if (!this.chart) {
      this.chart = echarts.init(this._plot, null, { renderer: 'canvas' });
      // `rendered` tells tests and users of the element that the last option is on the canvas.
      this.chart.on('finished', () => this.setAttribute('rendered', ''));
    }
    this._resizeObserver = new ResizeObserver(() => this.chart && this.chart.resize());
    this._resizeObserver.observe(this);
    this._draw();
  }

  disconnectedCallback() {
    if (this._resizeObserver) {
      this._resizeObserver.disconnect();
      this._resizeObserver = null;
    }
    if (this.chart) {
      this.chart.dispose();
      this.chart = null;
    }
    this.removeAttribute('rendered');
  }

  _draw() {
    if (!this.chart || !this._option) {
      return;
    }
    this.removeAttribute('rendered');
    const font = getComputedStyle(this).fontFamily;
    const option = { textStyle: { fontFamily: font }, ...this._option };
    this.chart.setOption(option, { notMerge: true });
  }
}

if (!customElements.get('cs-echart')) {
  customElements.define('cs-echart', ClickstreamEChart);
}
