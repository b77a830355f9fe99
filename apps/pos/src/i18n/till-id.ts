/** Issue 15's texts of the till (scanner, phone layout, price changes, search, held carts). */
export const tillId = {
  settings: {
    paperBranch: 'Ikuti cabang ({{width}} mm)',
    shopWide: 'Pengaturan toko (cabang)',
    shopWideHint: 'Diatur di back office (Cabang → Pengaturan) dan sama di semua kasir cabang ini.',
    rounding: 'Pembulatan tunai',
    noRounding: 'Tidak ada',
    quantityLimit: 'Batas jumlah per baris',
    receiptLanguage: 'Bahasa struk',
    requireShift: 'Wajib buka shift',
    discountApproval: 'Diskon perlu izin di atas',
    yes: 'Ya',
    no: 'Tidak',
    never: 'Tidak pernah',
  },
  confirm: {
    quantity: 'Jumlah {{quantity}} melebihi batas {{limit}}. Benar sebanyak itu?',
    total: 'Total {{amount}} jauh di atas biasanya (lebih dari {{limit}}). Lanjutkan ke pembayaran?',
    yes: 'Ya, benar',
    no: 'Batal',
  },
  scan: {
    whilePaying: 'Pembayaran sedang dibuka: selesaikan atau tekan Kembali sebelum menambah barang.',
    startedSale: 'Transaksi baru dimulai dengan {{name}}',
  },
  phone: {
    cartBar: '{{count}} barang · {{amount}}',
    openCart: 'Lihat keranjang',
    openCartHeld: 'Lihat keranjang · {{count}} ditahan',
    closeCart: 'Tutup keranjang',
  },
  price: {
    changed: 'Harga berubah: {{old}} → {{new}}',
    apply: 'Pakai harga baru',
    applyAll: 'Pakai harga baru untuk semua ({{count}})',
    banner: '{{count}} barang di keranjang berubah harga di katalog.',
    negativeStock: 'Stok akan minus ({{left}}); penjualan tetap boleh',
  },
  catalog: {
    waiting: 'Katalog masih kosong. Menunggu sinkron pertama…',
    empty:
      'Katalog toko ini kosong. Tambahkan produk di back office (menu Produk → Tambah produk atau Impor CSV); produk muncul di sini otomatis setelah disimpan.',
    cutOff: 'Menampilkan {{shown}} hasil pertama; ketik lebih lengkap untuk mempersempit.',
    fuzzy: 'Tidak ada yang persis cocok; ini yang mirip dengan “{{query}}”.',
  },
  paying: {
    locked: 'Pembayaran sedang dibuka: produk tidak bisa ditambah. Tekan Kembali untuk mengubah keranjang.',
  },
  held: {
    label: 'Nama pelanggan atau nomor meja',
    labelPlaceholder: 'mis. Bu Sari / Meja 4',
    hold: 'Tahan keranjang',
    cancel: 'Batal',
    resumeTitle: 'Keranjang yang sedang dibuka berisi {{count}} barang. Apa yang dilakukan dengannya?',
    holdCurrent: 'Tahan keranjang ini dulu',
    discardCurrent: 'Buang keranjang ini',
    keepCurrent: 'Batal, tetap di keranjang ini',
  },
  history: {
    date: 'Tanggal',
    search: 'Cari no. struk atau jumlah',
    noMatch: 'Tidak ada transaksi yang cocok',
    allDates: 'Semua tanggal',
  },
};
